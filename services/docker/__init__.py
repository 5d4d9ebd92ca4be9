"""The Docker engine adapter (the only code that imports the `docker` SDK)."""

import sys

# The SDK imports its ssh transport, and with it paramiko and cryptography
# (~19 MB of a ~110 MB server), as soon as it is imported; only SSH hosts use
# it, and services/docker/ssh.py imports it for them. Held back here, the
# first import of the SDK (always through this package) goes without it.
if "docker" not in sys.modules and "paramiko" not in sys.modules:
    sys.modules["paramiko"] = None  # type: ignore[assignment]
    try:
        import docker  # noqa: F401
    finally:
        del sys.modules["paramiko"]

from services.docker.engine import ContainerSummary, DockerEngine, EngineInfo
from services.docker.resources import ContainerDetails, ImageDetails
from services.docker.sdk import DockerSdkEngine

__all__ = [
    "ContainerDetails",
    "ContainerSummary",
    "DockerEngine",
    "DockerSdkEngine",
    "EngineInfo",
    "ImageDetails",
]
