"""Passwords: argon2 verification, and what it costs a server that never
signs anyone in."""

from __future__ import annotations

import subprocess
import sys

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
