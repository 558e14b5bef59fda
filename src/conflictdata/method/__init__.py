"""The method: intervals, the reporting model, plausible ranges, consensus and calibration.

Pure functions of claims. It builds on the schema only.
"""
