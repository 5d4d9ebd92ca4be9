"""A JSON answer written in pieces is byte for byte the encoder's whole
answer, and lets the items of its long lists go as they are written."""

from __future__ import annotations

import copy

import msgspec
import pytest

from rest.json_pieces import holds_big_list, json_pieces

ENCODER = msgspec.json.Encoder()


def rows(count: int) -> list[dict[str, object]]:
    return [
        {
            "name": f"c{i:04d}",
            "labels": [{"key": "k", "value": 'v é\n"\u2028', "__typename": "Label"}],
            "n": i,
            "f": 1.5,
            "none": None,
            "yes": True,
        }
        for i in range(count)
    ]


CASES = {
    "the UI's": {
        "data": {
            "containers": rows(600),
            "status": {"checking": False},
            "policies": {"containers": rows(300)},
        }
    },
    "short lists": {"data": {"containers": rows(10)}},
    "an error": {"data": None, "errors": [{"message": "x", "path": ["a", 1]}]},
    "empty": {"data": {"containers": []}},
    "every part": {
        "data": {"containers": rows(256)},
        "errors": [{"message": "y"}],
        "extensions": {"k": rows(300)},
    },
    "a batch": [{"data": {"containers": rows(300)}}, {"data": None}],
    "a scalar": "text",
}


@pytest.mark.parametrize("piece", [1, 100, 64 * 1024])
@pytest.mark.parametrize("name", CASES)
def test_the_pieces_are_the_encoders_answer(name, piece):
    value = copy.deepcopy(CASES[name])
    pieces = list(json_pieces(value, ENCODER, piece=piece))
    assert b"".join(pieces) == ENCODER.encode(CASES[name])
    assert all(pieces)


def test_long_lists_are_let_go_as_written_and_short_ones_kept():
    value = copy.deepcopy(CASES["the UI's"])
    containers = value["data"]["containers"]
    policies = value["data"]["policies"]["containers"]
    pieces = json_pieces(value, ENCODER, big=256, piece=1024)

    next(pieces)
    assert containers[0] is None
    assert containers[-1] is not None  # not written yet
    list(pieces)
    assert all(row is None for row in containers + policies)
    assert value["data"]["status"] == {"checking": False}


def test_what_counts_as_a_long_list():
    assert holds_big_list({"data": {"a": {"b": [0] * 256}}})
    assert not holds_big_list({"data": {"a": [0] * 255}})
    # Inside another list's items it is not looked for.
    assert not holds_big_list({"data": [{"b": [0] * 300}]})
    assert not holds_big_list("x" * 1000)
