"""A big JSON answer written and sent in pieces, each part freed once written.

The UI's Updates query for 2,000 containers answers ~2 MB of JSON made from
~2.8 MB of row dicts; encoded at once, both were alive together at the top
of the server's memory. Written here, every item of a long list is encoded
and then dropped from its list (the answer is the writer's alone by then),
and the bytes leave in pieces of about `PIECE`: the rows shrink as the
bytes grow, and only a piece of the bytes is ever held.

The bytes are the encoder's own, as for the whole value at once: a list or
an object is its items' encodings between brackets, separated by commas,
with no spaces.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import msgspec

# A list this long is written an item at a time; anything shorter (every
# status poll, a page of history) is encoded whole as before.
BIG_LIST = 256
PIECE = 64 * 1024


async def on_the_loop(pieces: Iterator[bytes]) -> AsyncIterator[bytes]:
    """`pieces` for a StreamingResponse, made on the event loop: Starlette
    steps a plain iterator in its thread pool, a hop per piece that would
    cost more than making the piece."""
    for piece in pieces:
        yield piece


def holds_big_list(value: object, big: int = BIG_LIST) -> bool:
    """Whether `value` is, or has among its objects' values (not inside its
    lists' items), a list of at least `big` items."""
    if isinstance(value, list):
        return len(value) >= big
    if isinstance(value, dict):
        return any(holds_big_list(item, big) for item in value.values())
    return False


def json_pieces(
    value: object,
    encoder: msgspec.json.Encoder,
    *,
    big: int = BIG_LIST,
    piece: int = PIECE,
) -> Iterator[bytes]:
    """`encoder.encode(value)` in pieces of about `piece` bytes. Each item
    of a list of `big` or more items (found through objects, not inside
    another list) is replaced by None once written: `value` is consumed."""
    out = bytearray()
    for _ in _write(value, out, encoder, big, piece):
        yield bytes(out)
        del out[:]
    if out:
        yield bytes(out)


def _write(
    value: object,
    out: bytearray,
    encoder: msgspec.json.Encoder,
    big: int,
    piece: int,
) -> Iterator[None]:
    """Appends `value`'s JSON to `out`, pausing (a yield) whenever `out`
    holds a piece to send."""
    if isinstance(value, list) and len(value) >= big:
        out += b"["
        for i, item in enumerate(value):
            if i:
                out += b","
            # The list's reference is the last: the item goes once written.
            # Written whole: looking into 2,000 rows for lists of their own
            # cost more than the rest of the writing.
            value[i] = None
            encoder.encode_into(item, out, -1)
            if len(out) >= piece:
                yield
        out += b"]"
    elif isinstance(value, dict) and holds_big_list(value, big):
        out += b"{"
        for i, (key, item) in enumerate(value.items()):
            if i:
                out += b","
            encoder.encode_into(key, out, -1)
            out += b":"
            yield from _write(item, out, encoder, big, piece)
        out += b"}"
    else:
        encoder.encode_into(value, out, -1)
        if len(out) >= piece:
            yield
