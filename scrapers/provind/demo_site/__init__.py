"""The embedded bureau site served by `provind demo-site` (see `server.py` for the URL layout)."""
