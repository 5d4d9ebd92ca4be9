"""The bookkeeping of open streams' credentials (pure logic; the streams
themselves are tested against a real server in test_stream_revocation.py)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from dataclasses import dataclass

from resolvers.access import requires
from services.auth.principal import Principal, PrincipalKind, Scope
from services.auth.revocations import Revocations


async def test_open_streams_are_rechecked_every_round_while_any_is_open():
    valid = {"ci": True}
    checked: list[str] = []

    async def still_valid(principal: Principal) -> bool:
        checked.append(principal.name)
        return valid[principal.name]

    revocations = Revocations(still_valid, every=0.01)
    ci = Principal.token("ci", Scope.READ, hashed="h")
    with revocations.watch(ci) as ended, revocations.watch(ci) as twin:
        async with asyncio.timeout(60):
            while len(checked) < 3:
                await asyncio.sleep(0.01)
        # Two streams of one token: one check per round.
        assert not ended.is_set()
        valid["ci"] = False
        async with asyncio.timeout(60):
            await ended.wait()
        assert twin.is_set()
    rounds = len(checked)
    await asyncio.sleep(0.1)  # ten intervals
    assert len(checked) == rounds, "rechecked with no stream open"


async def test_signing_out_ends_one_session_and_a_user_change_all():
    async def still_valid(principal: Principal) -> bool:
        return True

    revocations = Revocations(still_valid, every=30)
    laptop = Principal.user("ann", session="s1")
    phone = Principal.user("ann", session="s2")
    with (
        revocations.watch(laptop) as on_laptop,
        revocations.watch(phone) as on_phone,
        revocations.watch(Principal.open()) as unauthenticated,
    ):
        assert revocations.watching() == 2  # authentication off: nothing to end
        revocations.end_session("s1")
        assert (on_laptop.is_set(), on_phone.is_set()) == (True, False)
        revocations.end_session("ann")  # a name is no session
        assert not on_phone.is_set()
        revocations.end(PrincipalKind.USER, "ann")
        assert on_phone.is_set()
        assert not unauthenticated.is_set()
    assert revocations.watching() == 0


async def test_a_store_that_cannot_answer_ends_no_stream_and_says_so(caplog):
    async def still_valid(principal: Principal) -> bool:
        raise OSError("database is locked")

    revocations = Revocations(still_valid, every=30)
    ci = Principal.token("ci", Scope.READ, hashed="h")
    with revocations.watch(ci) as ended:
        await revocations.confirm(ci)  # as a stream opens
        await revocations.recheck()  # a periodic round
        assert not ended.is_set()
    assert "could not check" in caplog.text
    assert "database is locked" in caplog.text


async def test_a_stream_cancelled_while_waiting_closes_its_source(caplog):
    # The client hangs up while the stream waits for its next event: the
    # source must be closed, not left running in a task nobody awaits.
    async def still_valid(principal: Principal) -> bool:
        return True

    @dataclass
    class Auth:
        revocations: Revocations

    @dataclass
    class Ctx:
        principal: Principal
        auth: Auth

    closed = asyncio.Event()

    @requires(Scope.READ)
    async def source(ctx: Ctx) -> AsyncIterator[int]:
        try:
            yield 1
            await asyncio.Event().wait()  # no second event
            yield 2
        finally:
            closed.set()

    ctx = Ctx(
        Principal.token("ci", Scope.READ, hashed="h"),
        Auth(Revocations(still_valid, every=30)),
    )
    stream = source(ctx)

    async def consume() -> None:
        async for _ in stream:
            pass

    consumer = asyncio.create_task(consume())
    async with asyncio.timeout(60):
        while not ctx.auth.revocations.watching():
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # waiting for the second event
    consumer.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await consumer
    await stream.aclose()
    async with asyncio.timeout(60):
        await closed.wait()
    assert ctx.auth.revocations.watching() == 0
    gc.collect()
    await asyncio.sleep(0)
    assert "never retrieved" not in caplog.text
