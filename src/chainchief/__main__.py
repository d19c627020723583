"""``python -m chainchief`` runs the command line."""

from chainchief.cli.main import main

main()
