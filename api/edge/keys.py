"""The environ keys the edge's layers pass each other and the app (api/edge/__init__.py says who sets them)."""

# What a layer decided against the request (an HTTPException, or the OperationalError of a failed version
# read); Flask raises it, so the answer is the one problem+json, with CORS.
REFUSED = "api.refused"
VERSION = "api.dataset_version"  # (version, changed at) read once per request, by the cache layer when it ran
