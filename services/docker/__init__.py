"""The Docker engine adapter (the only code that imports the `docker` SDK)."""

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
