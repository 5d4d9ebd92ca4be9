"""The Origin and Host rules as pure decisions (the edge tests drive them over HTTP)."""

from __future__ import annotations

import pytest

from services.errors import ForbiddenError
from services.httpguard import RequestGuard, is_loopback_address


def _guard(**kwargs) -> RequestGuard:
    kwargs.setdefault("listen_host", "127.0.0.1")
    return RequestGuard(**kwargs)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.4", False),
        ("docksmith.lan", False),
    ],
)
def test_loopback_listen_addresses(address, loopback):
    assert is_loopback_address(address) is loopback


@pytest.mark.parametrize(
    "host", ["localhost:3000", "127.0.0.1", "127.0.0.1:8080", "[::1]:3000", "LOCALHOST"]
)
def test_loopback_server_answers_its_own_names_on_any_port(host):
    _guard().check(method="GET", host=host, origin=None, referer=None)


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:3000", "127.0.0.1.evil.example", "a@b", ""]
)
def test_loopback_server_refuses_foreign_host_names(host):
    with pytest.raises(ForbiddenError, match="ALLOWED_HOSTS"):
        _guard().check(method="GET", host=host, origin=None, referer=None)


def test_allowed_hosts_extend_the_loopback_names():
    guard = _guard(allowed_hosts=["docksmith.lan", "box:8080"])
    guard.check_host("docksmith.lan:3000")
    guard.check_host("box:8080")
    with pytest.raises(ForbiddenError):
        guard.check_host("box:9090")


def test_off_loopback_any_host_unless_allowed_hosts_narrows_it():
    _guard(listen_host="0.0.0.0").check_host("whatever.example")
    narrowed = _guard(listen_host="0.0.0.0", allowed_hosts=["docksmith.lan"])
    narrowed.check_host("docksmith.lan")
    with pytest.raises(ForbiddenError, match="not listed in ALLOWED_HOSTS"):
        narrowed.check_host("whatever.example")


def test_requests_without_origin_or_referer_are_allowed():
    _guard().check(method="POST", host="localhost:3000", origin=None, referer=None)


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://localhost:3000", "localhost:3000"),
        ("https://docksmith.lan", "docksmith.lan"),
        ("https://docksmith.lan:443", "docksmith.lan"),
        ("http://[::1]:3000", "[::1]:3000"),
    ],
)
def test_same_origin_state_changes_are_allowed(origin, host):
    _guard(listen_host="0.0.0.0").check(
        method="POST", host=host, origin=origin, referer=None
    )


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "http://localhost:4000", "null", "not a url", "file://x"],
)
def test_foreign_origins_cannot_change_state(origin):
    with pytest.raises(ForbiddenError, match="ALLOWED_ORIGINS"):
        _guard().check(
            method="DELETE", host="localhost:3000", origin=origin, referer=None
        )


def test_foreign_origin_may_still_read():
    _guard().check(
        method="GET", host="localhost:3000", origin="http://evil.example", referer=None
    )


def test_websockets_are_checked_like_state_changes():
    with pytest.raises(ForbiddenError):
        _guard().check(
            method="GET",
            host="localhost:3000",
            origin="http://evil.example",
            referer=None,
            websocket=True,
        )


def test_referer_counts_when_origin_is_absent():
    guard = _guard()
    guard.check(
        method="POST",
        host="localhost:3000",
        origin=None,
        referer="http://localhost:3000/ui/containers",
    )
    with pytest.raises(ForbiddenError, match="Referer"):
        guard.check(
            method="POST",
            host="localhost:3000",
            origin=None,
            referer="http://evil.example/page",
        )


def test_allowed_origins_let_other_pages_act():
    guard = _guard(allowed_origins=["https://dash.example", "http://home:8080/"])
    for origin in (
        "https://dash.example",
        "https://dash.example:443",
        "http://home:8080",
    ):
        guard.check(method="POST", host="localhost:3000", origin=origin, referer=None)
    with pytest.raises(ForbiddenError):
        guard.check(
            method="POST",
            host="localhost:3000",
            origin="http://dash.example",
            referer=None,
        )


def test_refusal_echoes_a_bounded_prefix_of_the_header():
    with pytest.raises(ForbiddenError) as caught:
        _guard().check_host("x" * 1_000_000)
    assert len(caught.value.message) < 400
