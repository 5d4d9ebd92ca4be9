"""REST projections of check results, in the seed's shapes plus useful extras."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import msgspec

from resolvers.checks import CheckStatusReport, HistoryEntry
from rest.envelope import Envelope
from rest.wire import Out
from services.checks.model import CheckResult, ContainerStatus, PreUpdateSource
from services.config import format_go_duration
from services.versioning.model import ChangeType


class PreUpdateCheckOut(Out, kw_only=True):
    script: str
    passed: bool
    output: str
    source: PreUpdateSource


class ContainerOut(Out, kw_only=True):
    name: str
    host: str
    read_only_reason: str | None
    stack: str | None
    image: str
    current_version: str | None
    latest_version: str | None
    status: ContainerStatus
    update_available: bool
    labels: dict[str, str]
    id: str
    service: str | None
    state: str | None
    health: str | None
    current_tag: str | None
    current_digest: str | None
    latest_tag: str | None
    latest_digest: str | None
    change_type: ChangeType | None
    recommended_tag: str | None
    reason: str | None
    error: str | None
    compose_file: str | None
    compose_image: str | None
    env_controlled: bool
    env_var_name: str | None
    labels_out_of_sync: bool
    compose_labels: dict[str, str] | None
    dependencies: list[str]
    pre_update_check: PreUpdateCheckOut | None
    checked_at: datetime


class CheckOut(Out, kw_only=True):
    containers: list[ContainerOut]
    total: int
    updates_available: int


_CONTAINERS_SLOT = b'"containers":[]'
# What `check_answer_chunks` gathers before it hands a piece on: few enough
# sends for a 2,000-container answer (~2 MB, ~35 pieces), little held.
CHUNK = 64 * 1024


def check_answer_chunks(
    results: Sequence[CheckResult], *, updates_available: int, chunk: int = CHUNK
) -> Iterator[bytes]:
    """`Envelope[CheckOut]` as JSON, byte for byte what the route would write,
    in pieces of about `chunk` bytes, each container projected and encoded on
    its own. All 2,000 `ContainerOut`s built first held ~6 MB at the top of a
    check's memory; the whole answer joined from its parts held it twice
    (~4.5 MB for 2,000), the largest part of a check's peak. Sent as it is
    made, at most a piece is held. The envelope around the containers is the
    models' own encoding (with no containers), so the wire shape stays theirs."""
    shell = msgspec.json.encode(
        Envelope(
            data=CheckOut(
                containers=[], total=len(results), updates_available=updates_available
            )
        )
    )
    head, slot, tail = shell.partition(_CONTAINERS_SLOT)
    if not slot:  # pragma: no cover - the models always write the slot
        raise ValueError("the check answer's shape has no containers list")
    parts = [head, b'"containers":[']
    size = 0
    for i, result in enumerate(results):
        encoded = msgspec.json.encode(ContainerOut.read(result))
        parts += (b",", encoded) if i else (encoded,)
        size += len(encoded)
        if size >= chunk:
            yield b"".join(parts)
            parts, size = [], 0
    parts += [b"]", tail]
    yield b"".join(parts)


def encode_check_answer(
    results: Sequence[CheckResult], *, updates_available: int
) -> bytes:
    """The whole answer of `check_answer_chunks` at once."""
    return b"".join(check_answer_chunks(results, updates_available=updates_available))


class StatusOut(Out, kw_only=True):
    total_checked: int
    updates_found: int
    last_cache_refresh: datetime | None
    last_background_run: datetime | None
    next_check: datetime | None
    checking: bool
    check_interval: str
    cache_ttl: str
    counts: dict[str, int]

    @classmethod
    def of(cls, report: CheckStatusReport) -> StatusOut:
        return cls(
            total_checked=report.total_checked,
            updates_found=report.updates_found,
            last_cache_refresh=report.last_cache_refresh,
            last_background_run=report.last_background_run,
            next_check=report.next_check,
            checking=report.checking,
            check_interval=format_go_duration(report.check_interval),
            cache_ttl=format_go_duration(report.cache_ttl),
            counts=report.counts,
        )


class HistoryOut(Out, kw_only=True):
    timestamp: datetime
    type: str
    container_name: str
    host: str
    image: str | None = None
    status: ContainerStatus | None = None
    current_version: str | None = None
    latest_version: str | None = None
    change_type: ChangeType | None = None
    from_version: str | None = None
    to_version: str | None = None
    operation_id: str | None = None
    success: bool | None = None
    error: str | None = None

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryOut:
        if entry.check is not None:
            c = entry.check
            return cls(timestamp=entry.timestamp, type="check", container_name=c.container_name, host=c.host,
                       image=c.image, status=c.status, current_version=c.current_version,
                       latest_version=c.latest_version, change_type=c.change_type, error=c.error)  # fmt: skip
        u = entry.update
        if u is None:  # pragma: no cover - an entry is always one or the other
            raise ValueError("empty history entry")
        return cls(timestamp=entry.timestamp, type="update", container_name=u.container_name, host=u.host,
                   from_version=u.from_version, to_version=u.to_version,
                   operation_id=u.operation_id, success=u.success, error=u.error)  # fmt: skip
