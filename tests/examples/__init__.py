"""Tests of the calibrated example datasets."""
