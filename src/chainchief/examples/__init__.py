"""Calibrated synthetic example datasets: ``ouhai-eyewear``, ``xianju-pharma``, ``datang-hosiery``."""
