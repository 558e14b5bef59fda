"""The schema: claim records and their rules, vocabularies, the claims CSV and DataFrame forms.

It imports nothing else of the package but :mod:`conflictdata.exceptions`.
"""
