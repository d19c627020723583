"""The ``chainchief`` command line."""
