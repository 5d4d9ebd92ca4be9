"""`GET /api/check`'s answer, encoded a container at a time and sent in
pieces: byte for byte what msgspec writes for `Envelope[CheckOut]`, without
all the projections, nor the whole answer, alive at once."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from datetime import UTC, datetime
from types import MappingProxyType

import msgspec

from rest.check_models import (
    CHUNK,
    CheckOut,
    ContainerOut,
    check_answer_chunks,
    encode_check_answer,
)
from rest.envelope import Envelope
from services.checks.model import CheckResult, ContainerStatus
from tests.services.checks.test_serialise import full_result


def all_at_once(results: list[CheckResult], updates: int) -> bytes:
    """Every projection, then one encoding of the whole envelope."""
    containers = [ContainerOut.read(r) for r in results]
    envelope = Envelope(
        data=CheckOut(
            containers=containers, total=len(containers), updates_available=updates
        )
    )
    return msgspec.json.encode(envelope)


def many(count: int) -> list[CheckResult]:
    base = full_result()
    return [
        replace(base, name=f"web-{i:04d}", labels={**base.labels, "n": str(i)})
        for i in range(count)
    ]


def test_the_answer_is_what_the_models_encode_byte_for_byte():
    results = [
        full_result(),
        CheckResult("a", "1", "x", ContainerStatus.ERROR, datetime(2026, 1, 1, tzinfo=UTC)),
        replace(full_result(), name='quo"te \\ ünï', labels=MappingProxyType({"k": "é\n"}),
                compose_labels=None, pre_update_check=None, change_type=None),
    ]  # fmt: skip
    for subset in ([], results[:1], results):
        assert encode_check_answer(subset, updates_available=7) == all_at_once(
            subset, 7
        )
        # However small the pieces, they add up to the same bytes.
        pieces = list(check_answer_chunks(subset, updates_available=7, chunk=1))
        assert len(pieces) == len(subset) + 1
        assert b"".join(pieces) == all_at_once(subset, 7)


def test_encoding_holds_one_projection_at_a_time():
    results = many(2000)
    expected = all_at_once(results, 2000)

    def peak(encode) -> int:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            encode()
            return tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()

    def sent() -> None:
        # As the route sends it: each piece is let go once written.
        for piece in check_answer_chunks(results, updates_available=2000):
            assert len(piece) < 2 * CHUNK

    ours = peak(sent)
    joined = peak(lambda: encode_check_answer(results, updates_available=2000))
    theirs = peak(lambda: all_at_once(results, 2000))
    # A piece or two at a time, where the joined answer held about twice the
    # answer and all the projections at once about twice it again.
    assert ours < 0.2 * len(expected), (ours, len(expected))
    assert joined > 1.5 * len(expected), (joined, len(expected))
    assert theirs > 1.8 * len(expected), (theirs, len(expected))
