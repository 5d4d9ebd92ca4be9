"""The image's HEALTHCHECK: healthy only when Docksmith answers and both the
Docker engine and its database answer it (`/api/health` says "ok").

A Docksmith that serves but cannot reach the socket is of no use, and a
self-update to such a version must be rolled back, so "degraded" fails too.
Standard library only: it runs every interval, so it starts in milliseconds.
"""

import json
import os
import sys
import urllib.request

PORT = os.environ.get("PORT", "3000")
URL = f"http://127.0.0.1:{PORT}/api/health"

try:
    with urllib.request.urlopen(URL, timeout=4) as response:
        status = json.load(response)["data"]["status"]
except (OSError, ValueError, KeyError, TypeError) as exc:
    sys.exit(f"unhealthy: {URL}: {exc}")
if status != "ok":
    sys.exit(f"unhealthy: {URL} says {status}")
