"""Persistence beyond the models: the dataset version and write transaction (`dataset`), the writes,
the queries behind the views, and the rules a band write keeps (`bands`)."""
