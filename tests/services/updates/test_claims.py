"""The update engine's claims: who holds a container, under every name."""

from __future__ import annotations

import pytest

from services.docker.resources import Spare, operated_name
from services.errors import ConflictError
from services.updates.claims import ClaimRegistry


@pytest.mark.parametrize(
    ("name", "held_as"),
    [
        ("web", "web"),
        ("/web", "web"),
        ("web-docksmith-old", "web"),
        ("web-docksmith-new", "web"),
        ("0123456789ab_web", "web"),
        ("web-docksmith-older", "web-docksmith-older"),
        ("0123_web", "0123_web"),
    ],
)
def test_temporary_names_stand_for_their_container(name, held_as):
    assert operated_name(name) == held_as


def test_a_claim_refuses_others_under_every_name_until_released():
    claims = ClaimRegistry()
    claims.take(["web"], "op_1")
    for name in ("web", "web-docksmith-old", "0123456789ab_web"):
        with pytest.raises(ConflictError, match="op_1"):
            claims.check([name])
    claims.check(["web"], owner="op_1")
    claims.check(["db"])
    claims.release(["web"], "op_2")  # not its holder: nothing happens
    assert claims.holder("web-docksmith-new") == "op_1"
    claims.release(["web"], "op_1")
    assert claims.holder("web") is None


def test_a_request_hands_its_claim_to_the_operation_it_becomes():
    claims = ClaimRegistry()
    with claims.held(["web"], "request") as token:
        claims.take(["web"], "op_1", replacing=token)
        with pytest.raises(ConflictError):
            claims.take(["web"], "op_2")
    assert claims.holder("web") == "op_1"


def test_no_new_claim_while_a_prune_runs_but_holders_keep_theirs():
    claims = ClaimRegistry()
    claims.take(["web"], "op_1")
    with claims.exclusive("a prune of images"):
        with pytest.raises(ConflictError, match="a prune of images is running"):
            claims.take(["db"], "op_2")
        claims.take(["web"], "op_1")  # re-claiming its own is no new claim
        with claims.exclusive("a prune of volumes"):
            pass
        with pytest.raises(ConflictError):
            claims.check(["db"])
    claims.take(["db"], "op_2")
    assert claims.holders() == {"web": "op_1", "db": "op_2"}


def test_a_prune_blocks_new_claims_on_its_own_host_only():
    claims = ClaimRegistry()
    with claims.exclusive("a prune of images", host="nas"):
        with pytest.raises(ConflictError, match="a prune of images on host nas"):
            claims.take(["web"], "op_1", host="nas")
        claims.take(["web"], "op_2")  # the default host's web
        claims.take(["db"], "op_3", host="edge")
    assert claims.holders() == {"web": "op_2"}
    assert claims.holders("edge") == {"db": "op_3"}
    claims.take(["web"], "op_1", host="nas")


def test_spare_holds_temporary_names_and_matches_references_loosely():
    spare = Spare(containers=frozenset({"web"}), references=frozenset({"nginx"}))
    assert spare.holds("web-docksmith-old")
    assert not spare.holds("db")
    assert spare.names_image("docker.io/library/nginx:latest")
    assert not spare.names_image("nginx:1.25")


def test_an_action_within_an_operation_keeps_what_the_operation_holds():
    claims = ClaimRegistry()
    claims.take(["web"], "op_1")
    claims.take(["db"], "op_2")
    with claims.held(["web", "cache"], "post-update restart", within="op_1") as token:
        assert claims.holders() == {"web": "op_1", "db": "op_2", "cache": token}
        with pytest.raises(ConflictError):
            claims.check(["cache"])
    # the operation's own claim outlives the action inside it
    assert claims.holders() == {"web": "op_1", "db": "op_2"}
    refused = pytest.raises(ConflictError, match=r"db already has an operation .*op_2")
    with refused, claims.held(["db"], "post-update restart", within="op_1"):
        pass
    assert claims.holders() == {"web": "op_1", "db": "op_2"}


def test_claims_are_per_host():
    claims = ClaimRegistry()
    claims.take(["web"], "op_1", host="b")
    # the same name on the default host is another container
    assert claims.holder("web") is None
    claims.take(["web"], "op_2")
    assert claims.holder("web-docksmith-old", "b") == "op_1"
    with pytest.raises(ConflictError, match=r"web on host b .*op_1"):
        claims.check(["web"], host="b")
    assert claims.holders("b") == {"web": "op_1"}
    assert claims.holders() == {"web": "op_2"}
    claims.release(["web"], "op_1")  # on the default host: not its claim
    assert claims.holder("web", "b") == "op_1"
    claims.release(["web"], "op_1", host="b")
    assert claims.holders("b") == {}
    with claims.held(["db"], "restart", host="b") as token:
        assert claims.holders("b") == {"db": token}
        claims.check(["db"])
    assert claims.holders("b") == {}


def test_a_claim_follows_a_compose_v2_rename_until_released():
    # Compose v2 recreated v1's app_web_1 as app-web-1 during op_1's update.
    claims = ClaimRegistry()
    claims.take(["app_web_1"], "op_1")
    claims.follow("app_web_1", "app-web-1", "op_2")  # not its holder: ignored
    assert claims.holder("app-web-1") is None
    claims.follow("app_web_1", "app-web-1", "op_1")
    for name in ("app-web-1", "0123456789ab_app-web-1", "app_web_1"):
        with pytest.raises(ConflictError, match="op_1"):
            claims.check([name])
    # Released with the names the operation was queued with.
    claims.release(["app_web_1"], "op_1")
    assert claims.holders() == {}
    claims.take(["app-web-1"], "op_3")
