"""CheckResult to and from JSON, for persisting the last run's results."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import msgspec

from services.checks.model import (
    CheckResult,
    ContainerStatus,
    PreUpdateCheck,
    PreUpdateSource,
)
from services.versioning.model import ChangeType

_KNOWN = frozenset(f.name for f in dataclasses.fields(CheckResult))


def _plain(value: object) -> object:
    # A result's label maps are Mappings; the encoder only knows dicts.
    if isinstance(value, Mapping):
        return dict(value)
    raise NotImplementedError(f"cannot save a {type(value).__name__}")


def results_to_json(results: Sequence[CheckResult]) -> str:
    """The results as one JSON array, each result an object of all its fields.

    Encoded straight from the dataclasses: building a dict per result first
    (json.dumps' way) held ~7 MB at once for 2,000 results, at the peak of a
    check's memory, and cost ~50x the CPU."""
    return _encode(results).decode()


def _encode(results: Sequence[CheckResult]) -> bytes:
    return _ENCODER.encode(results)


_ENCODER = msgspec.json.Encoder(enc_hook=_plain)
# The saved form's mark: deflated JSON in base64 follows. Saved results
# without it are plain JSON (what earlier versions saved), read as such.
PACKED = "zlib+base64:"
# JSON gathered before it is deflated: a call per result cost a third more.
_DEFLATE_EVERY = 64 * 1024


def pack_results(results: Sequence[CheckResult]) -> str:
    """The results as saved in the store: their JSON deflated, in base64.

    2,000 results are ~2 MB of JSON that every check rewrote; SQLite copies a
    value twice while writing it (the bound parameter and the record), plus
    the str it was handed: ~6 MB at the peak of a check's memory. Deflated
    they are ~240 KB, for ~8 ms of CPU. The JSON is deflated a result at a
    time as it is written, never whole: whole, it was the largest thing at
    the top of a 2,000-container check's memory (~2.7 MB)."""
    deflate = zlib.compressobj(1)
    deflated: list[bytes] = []
    pending = bytearray(b"[")
    for i, result in enumerate(results):
        if i:
            pending += b","
        _ENCODER.encode_into(result, pending, -1)  # appended
        if len(pending) >= _DEFLATE_EVERY:
            deflated.append(deflate.compress(pending))
            del pending[:]
    pending += b"]"
    deflated += [deflate.compress(pending), deflate.flush()]
    return PACKED + base64.b64encode(b"".join(deflated)).decode("ascii")


def unpack_results(saved: str) -> list[CheckResult]:
    """What `pack_results` saved, or the plain JSON earlier versions saved.
    ValueError when it is neither."""
    if not saved.startswith(PACKED):
        return results_from_json(saved)
    try:
        text = zlib.decompress(base64.b64decode(saved[len(PACKED) :], validate=True))
    except (binascii.Error, zlib.error) as exc:
        raise ValueError(f"saved check results are damaged: {exc}") from exc
    return results_from_json(text)


def results_from_json(text: str | bytes) -> list[CheckResult]:
    return [result_from_json(item) for item in json.loads(text)]


def result_from_json(data: dict[str, Any]) -> CheckResult:
    values = dict(data)
    values["status"] = ContainerStatus(values["status"])
    change = values.get("change_type")
    values["change_type"] = ChangeType(change) if change else None
    values["checked_at"] = datetime.fromisoformat(values["checked_at"])
    values["dependencies"] = tuple(values.get("dependencies") or ())
    check = values.get("pre_update_check")
    values["pre_update_check"] = (
        PreUpdateCheck(**{**check, "source": PreUpdateSource(check["source"])})
        if check
        else None
    )
    return CheckResult(**{k: v for k, v in values.items() if k in _KNOWN})
