"""The Docker engine adapter (the only code that imports the `docker` SDK)."""

import warnings

from services.holdback import held_back

# The first import of the SDK is always through this package. Only SSH hosts
# use its ssh transport (services/docker/ssh.py imports it for them). Its
# requests would load a character-set detector (~2.5 MB resident with
# unicodedata) for bodies that declare no charset; the engine's declare one
# or are JSON, which requests reads as UTF-8 without it. Without a detector
# requests decodes such a body as UTF-8 (with replacement characters), and
# says so once, at import, in a warning that is about exactly this.
with (
    held_back("paramiko", "charset_normalizer", "chardet"),
    warnings.catch_warnings(),
):
    warnings.filterwarnings(
        "ignore", message="Unable to find acceptable character detection"
    )
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
