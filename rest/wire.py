"""The REST wire models' bases: msgspec Structs, encoded as they are declared.

`Out` is a projection: read from a domain object's attributes (`read`),
every field always sent. `In` is a request body: decoded from JSON by
`decode_body` (rest/api.py), strictly typed as documented (`false` is not 0,
`"1"` is not 1, as the original's Go decoder had them), unknown fields
ignored, strings not stripped (the services refuse a blank or padded value
instead of guessing). The original's other field names (`ALIASES`) are
accepted, and closed sets (`CLOSED`) are refused in the services' words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Self

import msgspec


class Out(msgspec.Struct, kw_only=True):
    @classmethod
    def read(cls, source: object) -> Self:
        """This projection of `source`'s attributes (nested ones included)."""
        return msgspec.convert(source, cls, from_attributes=True, strict=False)


class In(msgspec.Struct, kw_only=True):
    # field -> the names it is accepted under, the first present winning
    ALIASES: ClassVar[dict[str, tuple[str, ...]]] = {}
    # field -> the closed set it names (refused by services.inputs.member_of)
    CLOSED: ClassVar[dict[str, type[StrEnum]]] = {}
    # field -> the request type of the objects in its list
    NESTED: ClassVar[dict[str, type[In]]] = {}
    # False: JSON types are coerced ("30" is 30), as these bodies always were
    STRICT: ClassVar[bool] = True


def as_dict(value: msgspec.Struct) -> dict[str, Any]:
    return msgspec.structs.asdict(value)
