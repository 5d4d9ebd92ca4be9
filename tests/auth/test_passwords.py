"""Passwords: argon2 verification, and what it costs a server that never
signs anyone in."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

from services.auth.passwords import Passwords

# In a fresh interpreter: the peak resident memory that constructing the
# password service adds (VmHWM, reset through clear_refs first).
_PEAK_OF_CONSTRUCTION = """
from services.auth.passwords import Passwords

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

open("/proc/self/clear_refs", "w").write("5")
before = hwm()
Passwords()
print(hwm() - before)
"""


def test_constructing_the_service_hashes_nothing():
    # argon2 holds 64 MiB while it hashes: done at start-up, that was the
    # server's peak memory even with sign-in off.
    out = subprocess.run(
        [sys.executable, "-c", _PEAK_OF_CONSTRUCTION],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert float(out.stdout.strip()) < 16


def test_known_and_unknown_names_verify_as_before():
    passwords = Passwords()
    stored = passwords.hash("correct horse")
    assert passwords.verify("correct horse", stored)
    assert not passwords.verify("wrong horse!", stored)
    assert not passwords.verify("correct horse", None)
    assert not passwords.verify("x" * 2000, stored)


async def test_a_password_check_leaves_the_event_loop_free() -> None:
    # On the loop, argon2's ~0.1 s per sign-in stalled every other request.
    passwords = Passwords()
    stored = passwords.hash("correct horse")
    order: list[str] = []

    async def check() -> None:
        assert await passwords.verify_off_loop("correct horse", stored)
        order.append("checked")

    async def other_request() -> None:
        await asyncio.sleep(0)
        order.append("loop served")

    await asyncio.gather(check(), other_request())
    assert order == ["loop served", "checked"]


async def test_password_hashes_run_one_at_a_time() -> None:
    # Each argon2 hash holds 64 MiB: a burst of sign-ins must not hold it N times.
    running, most = 0, 0
    guard = threading.Lock()

    class Counting(Passwords):
        def verify(self, password: str, password_hash: str | None) -> bool:
            nonlocal running, most
            with guard:
                running += 1
                most = max(most, running)
            try:
                return super().verify(password, password_hash)
            finally:
                with guard:
                    running -= 1

    passwords = Counting()
    stored = await passwords.hash_off_loop("correct horse")
    results = await asyncio.gather(
        *(passwords.verify_off_loop("correct horse", stored) for _ in range(4))
    )
    assert results == [True] * 4
    assert most == 1
