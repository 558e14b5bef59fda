"""The data: the dataset registry, verified fetching, the claims loaders and external series.

The registry JSON and the bundled claims CSVs sit beside these modules. It builds on the schema
only.
"""
