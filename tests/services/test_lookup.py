"""Picking one container by name, full id or unique id prefix."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from resolvers.checks import get_container
from services.auth.principal import SYSTEM
from services.errors import InvalidInputError, NotFoundError
from services.lookup import pick_container


@dataclass
class Item:
    name: str
    id: str
    host: str = "local"


ITEMS = [
    Item("web", "abc123" + "0" * 58),
    Item("db", "abc456" + "0" * 58),
    # a container whose name looks like the start of another's id
    Item("abc456", "fff" + "0" * 61),
]


def pick(wanted: str) -> Item | None:
    return pick_container(ITEMS, wanted, name=lambda i: i.name, id=lambda i: i.id)


def test_an_exact_name_wins_over_an_id_prefix():
    assert pick("abc456") is ITEMS[2]


def test_a_full_id_and_a_unique_prefix_find_their_container():
    assert pick(ITEMS[1].id) is ITEMS[1]
    assert pick("abc1") is ITEMS[0]


def test_an_ambiguous_prefix_is_refused_with_the_candidates():
    with pytest.raises(InvalidInputError, match=r"several containers \(db, web\)"):
        pick("abc")


def test_nothing_matches():
    assert pick("zzz") is None
    assert pick("") is None


async def test_the_container_query_refuses_an_ambiguous_prefix():
    # given the last check's results, two of which share an id prefix
    ctx = SimpleNamespace(
        checks=SimpleNamespace(state=SimpleNamespace(results=ITEMS)),
        hosts=SimpleNamespace(known=lambda host: host or "local"),
        principal=SYSTEM,
    )
    # then a shared prefix is a 400 naming both, a unique one finds its container
    with pytest.raises(InvalidInputError, match="db, web"):
        await get_container(ctx, name="abc")
    assert (await get_container(ctx, name="abc4")).name == "db"
    with pytest.raises(NotFoundError):
        await get_container(ctx, name="nope")
