"""Typed registry failures, each naming the registry and the cause.

Every error raised out of `services.registry` is one of these (all are
`services.errors.RegistryError`s, so the edges translate them without knowing
about httpx). Messages are for people and never carry credentials or tokens.
"""

from __future__ import annotations

from enum import StrEnum

from services.errors import ErrorCode, RegistryError, RegistryRateLimitedError


class RegistryFailure(StrEnum):
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    UNREACHABLE = "unreachable"
    BAD_RESPONSE = "bad_response"
    CIRCUIT_OPEN = "circuit_open"
    TOO_MANY_TAGS = "too_many_tags"


class _Named:
    failure: RegistryFailure
    registry: str

    def _init(self, registry: str, detail: str) -> str:
        self.registry = registry
        self.detail = detail
        return f"registry {registry}: {detail}"


class RegistryUnauthorizedError(_Named, RegistryError):
    failure = RegistryFailure.UNAUTHORIZED

    def __init__(self, registry: str, detail: str) -> None:
        super().__init__(self._init(registry, detail))


class RegistryNotFoundError(_Named, RegistryError):
    failure = RegistryFailure.NOT_FOUND
    code = ErrorCode.NOT_FOUND
    status = 404

    def __init__(self, registry: str, detail: str) -> None:
        super().__init__(self._init(registry, detail))


class RegistryRateLimitExceededError(_Named, RegistryRateLimitedError):
    failure = RegistryFailure.RATE_LIMITED

    def __init__(
        self, registry: str, detail: str, *, retry_after: float | None = None
    ) -> None:
        super().__init__(self._init(registry, detail))
        self.retry_after = retry_after


class RegistryUnreachableError(_Named, RegistryError):
    failure = RegistryFailure.UNREACHABLE

    def __init__(self, registry: str, detail: str) -> None:
        super().__init__(self._init(registry, detail))


class RegistryCircuitOpenError(RegistryUnreachableError):
    failure = RegistryFailure.CIRCUIT_OPEN


class RegistryBadResponseError(_Named, RegistryError):
    failure = RegistryFailure.BAD_RESPONSE

    def __init__(self, registry: str, detail: str) -> None:
        super().__init__(self._init(registry, detail))


class RegistryTagLimitError(_Named, RegistryError):
    """The repository lists more tags than Docksmith is configured to read.

    Deciding on part of a tag list could call an old version the newest, so
    the containers on that repository report this instead of a guess.
    """

    failure = RegistryFailure.TOO_MANY_TAGS

    def __init__(self, registry: str, detail: str) -> None:
        super().__init__(self._init(registry, detail))
