"""The one domain error hierarchy; each edge translates it into its wire shape.

    DocksmithError                (500, INTERNAL)
     ├── InvalidInputError        (400, BAD_REQUEST)
     ├── UnauthenticatedError     (401, UNAUTHENTICATED)
     ├── ForbiddenError           (403, FORBIDDEN)
     ├── NotFoundError            (404, NOT_FOUND)
     ├── ConflictError            (409, CONFLICT)
     ├── RateLimitedError         (429, RATE_LIMITED)
     └── UpstreamError            (502, UPSTREAM_ERROR)
          ├── RegistryError       (502, REGISTRY_ERROR)
          │    └── RegistryRateLimitedError (429, RATE_LIMITED)
          └── DockerEngineError   (502, DOCKER_ERROR)
               └── DockerUnavailableError (503, DOCKER_UNAVAILABLE)

Messages are written for the person reading them: they say what failed and,
where it helps, what to do. They never carry secrets.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class ErrorCode(StrEnum):
    BAD_REQUEST = "BAD_REQUEST"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    UPSTREAM_ERROR = "UPSTREAM_ERROR"
    REGISTRY_ERROR = "REGISTRY_ERROR"
    DOCKER_ERROR = "DOCKER_ERROR"
    DOCKER_UNAVAILABLE = "DOCKER_UNAVAILABLE"
    STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE"
    INTERNAL = "INTERNAL"


class DocksmithError(Exception):
    """Base of every error Docksmith reports to a user."""

    code: ClassVar[ErrorCode] = ErrorCode.INTERNAL
    status: ClassVar[int] = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInputError(DocksmithError):
    code = ErrorCode.BAD_REQUEST
    status = 400


class UnauthenticatedError(DocksmithError):
    """No valid credentials came with a request that needs them."""

    code = ErrorCode.UNAUTHENTICATED
    status = 401


class ForbiddenError(DocksmithError):
    """The request is well formed but refused: a foreign origin or host, or
    credentials whose scope is too low for what they ask."""

    code = ErrorCode.FORBIDDEN
    status = 403


class NotFoundError(DocksmithError):
    code = ErrorCode.NOT_FOUND
    status = 404


class ConflictError(DocksmithError):
    code = ErrorCode.CONFLICT
    status = 409


class RateLimitedError(DocksmithError):
    code = ErrorCode.RATE_LIMITED
    status = 429
    # Seconds to wait before trying again, when known (sent as Retry-After).
    retry_after: int | None = None


class UpstreamError(DocksmithError):
    code = ErrorCode.UPSTREAM_ERROR
    status = 502


class RegistryError(UpstreamError):
    code = ErrorCode.REGISTRY_ERROR
    status = 502


class RegistryRateLimitedError(RegistryError):
    code = ErrorCode.RATE_LIMITED
    status = 429


class DockerEngineError(UpstreamError):
    code = ErrorCode.DOCKER_ERROR
    status = 502


class DockerUnavailableError(DockerEngineError):
    code = ErrorCode.DOCKER_UNAVAILABLE
    status = 503


class StorageUnavailableError(DocksmithError):
    code = ErrorCode.STORAGE_UNAVAILABLE
    status = 503
