from __future__ import annotations

import pytest

from services.errors import InvalidInputError
from services.registry.manifests import (
    DOCKER_MANIFEST,
    OCI_INDEX,
    Platform,
    choose_platform,
    config_labels,
    is_index,
    media_type_of,
)

INDEX = {
    "mediaType": OCI_INDEX,
    "manifests": [
        {
            "digest": "sha256:" + "a" * 64,
            "platform": {"os": "linux", "architecture": "amd64"},
        },
        {
            "digest": "sha256:" + "b" * 64,
            "platform": {"os": "unknown", "architecture": "unknown"},
        },
        {
            "digest": "sha256:" + "c" * 64,
            "platform": {"os": "linux", "architecture": "arm", "variant": "v7"},
        },
        {
            "digest": "sha256:" + "d" * 64,
            "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"},
        },
    ],
}


@pytest.mark.parametrize(
    ("platform", "digest"),
    [
        ("linux/amd64", "sha256:" + "a" * 64),
        ("linux/arm64", "sha256:" + "d" * 64),
        ("linux/arm64/v8", "sha256:" + "d" * 64),
        ("linux/arm/v7", "sha256:" + "c" * 64),
        ("linux/arm", "sha256:" + "c" * 64),
        ("linux/s390x", None),
    ],
)
def test_choose_platform_normalises_variants(platform, digest):
    assert choose_platform(INDEX, Platform.parse(platform)) == digest


def test_platform_parse_rejects_garbage():
    with pytest.raises(InvalidInputError):
        Platform.parse("linux")
    assert str(Platform.parse("Linux/ARM64/v8")) == "linux/arm64/v8"
    assert Platform("linux", "x86_64").normalised() == Platform("linux", "amd64")


def test_media_type_prefers_the_manifest_field():
    assert media_type_of({"mediaType": DOCKER_MANIFEST}, OCI_INDEX) == DOCKER_MANIFEST
    assert media_type_of({}, f"{OCI_INDEX}; charset=utf-8") == OCI_INDEX
    assert media_type_of({"manifests": []}, None) == OCI_INDEX
    assert is_index(OCI_INDEX)
    assert not is_index(DOCKER_MANIFEST)


def test_config_labels_reads_config_labels_as_strings():
    blob = {"config": {"Labels": {"org.opencontainers.image.version": "1.2", "n": 3}}}

    assert config_labels(blob) == {"org.opencontainers.image.version": "1.2", "n": "3"}
    assert config_labels({"config": {"Labels": None}}) == {}
    assert config_labels({}) == {}
