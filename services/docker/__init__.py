"""The Docker engine adapter (the only code that imports the `docker` SDK)."""

from services.holdback import held_back

# Only SSH hosts use the SDK's ssh transport (services/docker/ssh.py imports
# it for them); the first import of the SDK is always through this package.
with held_back("paramiko"):
    import docker  # noqa: F401

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
