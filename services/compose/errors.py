"""Errors of the compose layer, each also a member of the domain tree.

``ComposeError`` lets callers catch everything this package raises; the second
base of each subclass decides the HTTP status an edge reports (a broken file is
the user's input, a failed CLI run is the engine's).
"""

from __future__ import annotations

from services.errors import (
    ConflictError,
    DockerEngineError,
    DocksmithError,
    InvalidInputError,
    NotFoundError,
)


class ComposeError(DocksmithError):
    """Base of every compose-layer error."""


class ComposeFileNotFoundError(ComposeError, NotFoundError):
    """A compose file (or an ``include:``d one) does not exist."""


class ComposeSyntaxError(ComposeError, InvalidInputError):
    """A compose file is not valid YAML or not shaped like a compose file."""


class UnknownServiceError(ComposeError, NotFoundError):
    """No service with that key or ``container_name:`` in the project."""


class InterpolationError(ComposeError, InvalidInputError):
    """A ``${...}`` expression is malformed or a required variable is unset."""


class UnsupportedEditError(ComposeError, InvalidInputError):
    """The requested edit cannot be made without changing more than intended."""


class StaleFileError(ComposeError, ConflictError):
    """A file changed on disk between planning an edit and applying it."""


class ComposeWriteError(ComposeError):
    """Writing a planned edit failed; files already written were restored."""


class ComposeFileAccessError(ComposeError):
    """Reading or writing a compose or ``.env`` file outside a planned edit
    failed (a directory in its place, permissions, a full or read-only disk)."""


class ComposeRunError(ComposeError, DockerEngineError):
    """The compose CLI failed; the message ends with its last output lines."""


class ComposeTimeoutError(ComposeRunError):
    """The compose CLI ran past its timeout and was killed."""
