"""`docksmith.post-update` parsing (pure logic)."""

from __future__ import annotations

import pytest

from services.errors import InvalidInputError
from services.lifecycle.actions import Action, parse_action
from services.lifecycle.dependants import restart_after, shares_namespace


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("restart:a, b", Action("restart", "a, b")),
        ("compose-restart:web", Action("compose-restart", "web")),
        ("script:hooks/post.sh", Action("script", "hooks/post.sh")),
        ("EXEC: nginx -s reload", Action("exec", "nginx -s reload")),
    ],
)
def test_parse(raw, expected):
    assert parse_action(raw) == expected


def test_names_are_trimmed():
    assert parse_action("restart: a ,b,").names == ["a", "b"]


@pytest.mark.parametrize(
    "raw", ["", "restart", "restart:", "reboot:now", "exec:echo 'unclosed"]
)
def test_invalid(raw):
    with pytest.raises(InvalidInputError):
        parse_action(raw)


def test_restart_after_and_namespace_sharing():
    assert restart_after({"docksmith.restart-after": " vpn, db ,"}) == {"vpn", "db"}
    assert restart_after({}) == set()
    assert shares_namespace("service:vpn")
    assert shares_namespace("container:abc")
    assert not shares_namespace("bridge")
    assert not shares_namespace(None)
