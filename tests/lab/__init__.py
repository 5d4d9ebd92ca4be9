"""The real-component test lab: a private dockerd, registries, tiny images,
compose stacks and a throwaway PostgreSQL, all on loopback.

Fixtures live in :mod:`tests.lab.fixtures`; ``python -m tests.lab`` offers
``install``, ``check`` and ``demo``.
"""

from tests.lab.engine import LabEngine
from tests.lab.images import BuiltImage, Healthcheck, ImageBuilder
from tests.lab.postgres import LabPostgres
from tests.lab.procs import LabError
from tests.lab.registry import LabRegistry
from tests.lab.registry_api import PushedIndex, RegistryApi
from tests.lab.stacks import Stack, StackContainer, StackFactory

__all__ = [
    "BuiltImage",
    "Healthcheck",
    "ImageBuilder",
    "LabEngine",
    "LabError",
    "LabPostgres",
    "LabRegistry",
    "PushedIndex",
    "RegistryApi",
    "Stack",
    "StackContainer",
    "StackFactory",
]
