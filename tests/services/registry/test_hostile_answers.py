"""A registry that answers with garbage: floods, lies about sizes, JSON of the
wrong shape or depth, redirect loops. Each is one typed registry error for
that image (which a check shows on its containers), never an unexpected
exception that fails the whole check, and never the process's memory.

The "registry" is a loopback HTTP server answering what each test scripts
(`tests/lab/fault_proxy.py`); nothing is forwarded anywhere.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Iterator

import pytest

from services.registry.client import RegistryClient
from services.registry.errors import RegistryBadResponseError, RegistryNotFoundError
from services.registry.manifests import OCI_INDEX, Platform
from services.registry.options import RegistryOptions
from tests.lab.fault_proxy import Fault, FaultProxy

DIGEST = "sha256:" + "a" * 64
MiB = 1 << 20


@pytest.fixture
def hostile() -> Iterator[FaultProxy]:
    # Nothing listens upstream: an unscripted request is refused, not forwarded.
    with FaultProxy("http://127.0.0.1:9") as proxy:
        yield proxy


@pytest.fixture
def options(fast_options: RegistryOptions) -> RegistryOptions:
    return dataclasses.replace(fast_options, max_response_bytes=MiB)


async def test_a_flood_is_cut_off_at_the_cap(hostile, options):
    # 256 MiB of a tag list that never ends; the client stops after 1 MiB.
    hostile.script(
        Fault.answer(200, b"[" + b" " * 65535, stream_bytes=256 * MiB, match="/tags/")
    )
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryBadResponseError, match="more than 1 MiB"):
            await client.list_tags(f"{hostile.host}/flood/app")


async def test_an_announced_huge_answer_is_refused_before_reading(hostile, options):
    # Claims 10 GB and sends nothing: refused on the header, not after a timeout.
    hostile.script(
        Fault.answer(
            200, b"", headers=(("Content-Length", str(10**10)),), match="/tags/"
        )
    )
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryBadResponseError, match="more than 1 MiB"):
            await client.list_tags(f"{hostile.host}/liar/app")
    assert len(hostile.log) == 1


async def test_a_small_length_beside_chunked_framing_does_not_bound_the_read(
    hostile, options
):
    # Transfer-Encoding wins over Content-Length (RFC 9112 6.3): the claimed
    # 100 bytes are a lie the connection does not enforce, so the flood is
    # still counted as it arrives.
    hostile.script(
        Fault.answer(
            200,
            b"[" + b" " * 65535,
            headers=(("Content-Length", "100"),),
            stream_bytes=256 * MiB,
            match="/tags/",
        )
    )
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryBadResponseError, match="more than 1 MiB"):
            await client.list_tags(f"{hostile.host}/chunked-liar/app")


async def test_a_compressed_answer_is_capped_once_inflated(hostile, options):
    # ~8 KiB on the wire, 8 MiB once decoded: the cap is on what is held.
    body = gzip.compress(b'{"tags": [' + b" " * (8 * MiB) + b"]}", mtime=0)
    assert len(body) < MiB // 8
    hostile.script(
        Fault.answer(200, body, headers=(("Content-Encoding", "gzip"),), match="/tags/")
    )
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryBadResponseError, match="more than 1 MiB"):
            await client.list_tags(f"{hostile.host}/bomb/app")


async def test_a_compressed_answer_under_the_cap_is_read(hostile, options):
    body = json.dumps({"name": "gz/app", "tags": ["1.0", "1.1"]}).encode()
    hostile.script(
        Fault.answer(
            200,
            gzip.compress(body, mtime=0),
            headers=(("Content-Encoding", "gzip"),),
            match="/tags/",
        )
    )
    async with RegistryClient(options) as client:
        assert await client.list_tags(f"{hostile.host}/gz/app") == ["1.0", "1.1"]


async def test_an_answer_under_the_cap_is_read(hostile, options):
    tags = [f"1.{i}" for i in range(20_000)]
    body = json.dumps({"name": "big/app", "tags": tags}).encode()
    assert MiB // 2 > len(body) > 200_000
    hostile.script(Fault.answer(200, body, match="/tags/"))
    async with RegistryClient(options) as client:
        assert await client.list_tags(f"{hostile.host}/big/app") == tags


@pytest.mark.parametrize("tags", [["1.0", "2.0\nlatest", ""], [""]])
async def test_tags_with_line_breaks_come_back_as_sent(hostile, options, tags):
    # The cache keeps a tag list as lines; one that holds a line break (no
    # valid tag does), or a lone empty tag, is kept as a list, not read back
    # as other tags.
    hostile.script(
        Fault.answer(200, json.dumps({"tags": tags}).encode(), match="/tags/")
    )
    async with RegistryClient(options) as client:
        assert await client.list_tags(f"{hostile.host}/odd/app") == tags
        assert await client.list_tags(f"{hostile.host}/odd/app") == tags  # cached
    assert len(hostile.log) == 1


async def test_json_nested_too_deep_is_a_bad_response(hostile, options):
    hostile.script(Fault.answer(200, b'{"tags": ' + b"[" * 200_000, match="/tags/"))
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryBadResponseError, match="invalid JSON"):
            await client.list_tags(f"{hostile.host}/deep/app")


@pytest.mark.parametrize(
    "manifests",
    [
        ["not an entry", 7, None],
        [{"platform": "linux/amd64", "digest": DIGEST}],
        [{"platform": {"os": "linux", "architecture": "amd64"}, "digest": "../x"}],
        {"linux/amd64": DIGEST},
        "sha256:abc",
    ],
    ids=["scalars", "platform-string", "bad-digest", "map", "string"],
)
async def test_an_index_of_the_wrong_shape_is_a_clear_error(
    hostile, options, manifests
):
    index = json.dumps({"mediaType": OCI_INDEX, "manifests": manifests}).encode()
    hostile.script(
        Fault.answer(
            200,
            b"",
            headers=(
                ("Docker-Content-Digest", DIGEST),
                ("Content-Type", OCI_INDEX),
            ),
            match="/manifests/1.0",
        ),
        # A failed platform choice is not cached: the index is asked again.
        *[Fault.answer(200, index, match=f"/manifests/{DIGEST}")] * 4,
    )
    image = f"{hostile.host}/shapes/app:1.0"
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryNotFoundError, match="has no image for linux/amd64"):
            await client.get_manifest_digests(image, Platform("linux", "amd64"))
        # No usable entry ("empty image index"), or one whose manifest
        # (this same index) has no config.
        with pytest.raises(RegistryBadResponseError, match=r"index|without a config"):
            await client.get_image_labels(image, Platform("linux", "amd64"))


async def test_a_redirect_loop_on_a_blob_is_a_bad_response(hostile, options):
    manifest = json.dumps(
        {"schemaVersion": 2, "config": {"digest": DIGEST, "size": 2}}
    ).encode()
    hostile.script(
        Fault.answer(
            200,
            b"",
            headers=(("Docker-Content-Digest", DIGEST), ("Content-Type", "x/y")),
            match="/manifests/1.0",
        ),
        Fault.answer(200, manifest, match=f"/manifests/{DIGEST}"),
    )
    loop = Fault.answer(
        307, b"", headers=(("Location", "/v2/loop/app/blobs/again"),), match="/blobs/"
    )
    hostile.script(*[loop] * 40)
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryBadResponseError, match="unusable response"):
            await client.get_image_labels(f"{hostile.host}/loop/app:1.0")
    # httpx's redirect limit (20), not the whole script, was spent.
    assert len(hostile.requests_to("/blobs/")) <= 21


async def test_a_token_answer_nested_too_deep_is_a_bad_response(hostile, options):
    realm = f"http://{hostile.host}/token"
    hostile.script(
        Fault.answer(
            401,
            b"{}",
            headers=(("WWW-Authenticate", f'Bearer realm="{realm}",service="x"'),),
            match="/tags/",
        ),
        Fault.answer(200, b'{"token": ' + b"[" * 200_000, match="/token"),
    )
    async with RegistryClient(options) as client:
        with pytest.raises(RegistryBadResponseError, match="no usable token"):
            await client.list_tags(f"{hostile.host}/deep/token")
