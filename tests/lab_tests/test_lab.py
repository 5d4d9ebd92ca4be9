"""The lab itself, against the real components it starts."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.lab.engine import LabEngine
from tests.lab.fixtures import Lab, LabSession, unavailable
from tests.lab.images import Healthcheck, ImageBuilder
from tests.lab.procs import LabError
from tests.lab.registry import LabRegistry
from tests.lab.registry_api import DOCKER_MANIFEST, OCI_INDEX, RegistryApi
from tests.lab.stacks import PROJECT_LABEL, StackFactory


@pytest.fixture(scope="module")
def base_image(lab_images: ImageBuilder) -> str:
    return lab_images.build("labtest/base", "1.0.0").ref


def test_engine_runs_a_container_without_network(
    lab_engine: LabEngine, base_image: str
) -> None:
    out = lab_engine.docker(
        "run", "--rm", "--network", "none", base_image, "cat", "/VERSION"
    )
    assert out.stdout == "1.0.0\n"
    lab_engine.run_container("lab-netnone", base_image)
    try:
        (info,) = lab_engine.inspect("lab-netnone")
        assert info["HostConfig"]["NetworkMode"] == "none"
        assert info["State"]["Running"] is True
    finally:
        lab_engine.remove_container("lab-netnone")
    assert lab_engine.docker_host == f"unix://{lab_engine.socket_path}"
    assert lab_engine.env["DOCKER_HOST"] != "unix:///var/run/docker.sock"


def test_engine_stops_and_comes_back_on_the_same_socket(
    lab_engine: LabEngine, base_image: str
) -> None:
    with lab_engine.stopped():
        assert not lab_engine.ping()
        assert not lab_engine.socket_path.exists()
        down = lab_engine.docker("version", check=False, timeout=20)
        assert down.returncode != 0
    assert lab_engine.ping()
    # Same data root: the image built before the stop is still there.
    assert lab_engine.inspect(base_image)[0]["RepoTags"] == [base_image]


def test_each_tag_has_its_own_digest_and_metadata(
    lab_images: ImageBuilder, lab_registry: LabRegistry, lab_engine: LabEngine
) -> None:
    built = lab_images.build_many(
        "labtest/tags",
        ["1.0.0", "1.1.0"],
        labels={"org.opencontainers.image.version": "x"},
        healthcheck=Healthcheck(),
        env={"LAB": "yes"},
    )
    heads = {
        tag: lab_registry.api.manifest_digest(
            "labtest/tags", tag, accept=DOCKER_MANIFEST
        )
        for tag in ("1.0.0", "1.1.0")
    }
    assert heads["1.0.0"] == built["1.0.0"].digest
    assert heads["1.1.0"] == built["1.1.0"].digest
    assert heads["1.0.0"] != heads["1.1.0"]
    assert lab_registry.api.tags("labtest/tags") == ["1.0.0", "1.1.0"]
    config = lab_engine.inspect(built["1.1.0"].ref)[0]["Config"]
    assert config["Labels"] == {"org.opencontainers.image.version": "x"}
    assert "LAB=yes" in config["Env"]
    assert config["Healthcheck"]["Test"] == ["CMD-SHELL", "test -f /VERSION"]


def test_engine_pulls_what_was_pushed(
    lab_images: ImageBuilder, lab_engine: LabEngine
) -> None:
    built = lab_images.build("labtest/pull", "0.1.0")
    lab_images.remove_local(built.ref)
    lab_engine.docker("pull", "--quiet", built.ref)
    (info,) = lab_engine.inspect(built.ref)
    assert info["RepoDigests"] == [built.repo_digest_ref]
    out = lab_engine.docker(
        "run", "--rm", "--network", "none", built.ref, "cat", "/VERSION"
    )
    assert out.stdout == "0.1.0\n"


def test_tags_move_and_disappear(
    lab_images: ImageBuilder, lab_registry: LabRegistry
) -> None:
    api = lab_registry.api
    old = lab_images.build("labtest/moving", "latest")
    new = lab_images.build("labtest/moving", "2.0.0")
    assert api.move_tag("labtest/moving", "latest", "2.0.0") == new.digest
    assert api.manifest_digest("labtest/moving", "latest") == new.digest
    assert old.digest != new.digest
    api.delete_tag("labtest/moving", "latest")
    assert api.manifest_digest("labtest/moving", "latest") is None
    assert api.tags("labtest/moving") == ["2.0.0"]
    with pytest.raises(LabError):
        api.delete_tag("labtest/moving", "latest")


def test_oci_index_carries_two_platforms(lab_registry: LabRegistry) -> None:
    pushed = lab_registry.api.push_index("labtest/multi", "1.0")
    assert set(pushed.platforms) == {"linux/amd64", "linux/arm64"}
    assert len(set(pushed.platforms.values())) == 2
    manifest = lab_registry.api.get_manifest("labtest/multi", "1.0")
    assert manifest.media_type == OCI_INDEX
    assert manifest.digest == pushed.digest
    platforms = {
        f"{m['platform']['os']}/{m['platform']['architecture']}": m["digest"]
        for m in manifest.json()["manifests"]
    }
    assert platforms == pushed.platforms


def test_registry_api_gives_each_thread_its_own_connections(
    lab_registry: LabRegistry,
) -> None:
    # Shared by bench/world.py's thread pool: one httpcore pool under
    # threads can close a connection another thread was just handed
    # (encode/httpcore#1110: "Bad file descriptor" building 2,000 containers).
    api = RegistryApi(lab_registry.url)
    together = threading.Barrier(4)

    def use(_: int) -> tuple[httpx.Client, httpx.Client]:
        together.wait(timeout=60)  # four threads at once, one item each
        assert api.ping() == 200
        first = api.client
        assert api.ping() == 200
        return first, api.client

    try:
        with ThreadPoolExecutor(4) as pool:
            seen = list(pool.map(use, range(4)))
    finally:
        api.close()
    assert all(first is again for first, again in seen)
    assert len({id(first) for first, _ in seen}) == 4
    assert all(first.is_closed for first, _ in seen)


def test_htpasswd_registry_wants_credentials(
    lab_auth_registry: LabRegistry,
    lab_engine: LabEngine,
    base_image: str,
    tmp_path: Path,
) -> None:
    reg = lab_auth_registry
    anonymous = RegistryApi(reg.url)
    try:
        assert anonymous.ping() == 401
    finally:
        anonymous.close()
    assert reg.api.ping() == 200
    assert reg.username is not None
    assert reg.password is not None
    target = reg.ref("labtest/private", "1.0.0")
    lab_engine.docker("tag", base_image, target)
    config = {"DOCKER_CONFIG": str(tmp_path)}
    denied = lab_engine.docker("push", target, env=config, check=False, timeout=60)
    assert denied.returncode != 0
    lab_engine.docker(
        "login", "--username", reg.username, "--password-stdin", reg.host,
        input=reg.password, env=config, timeout=30,
    )  # fmt: skip
    assert reg.host in json.loads((tmp_path / "config.json").read_text())["auths"]
    lab_engine.docker("push", target, env=config, timeout=60)
    assert reg.api.tags("labtest/private") == ["1.0.0"]


def test_compose_stack_comes_up_labelled_and_goes_down(
    lab_stack_factory: StackFactory, base_image: str, lab_engine: LabEngine
) -> None:
    stack = lab_stack_factory.create(
        "labstack",
        {"web": {"image": base_image, "labels": {"docksmith.ignore": "true"}}},
        env_file={"TAG": "1.0.0"},
    )
    assert stack.compose_path.read_text() == stack.text
    assert "network_mode: none" in stack.text
    stack.up()
    (row,) = stack.ps()
    assert row.service == "web"
    assert row.state == "running"
    labels = lab_engine.inspect(row.id)[0]["Config"]["Labels"]
    assert labels[PROJECT_LABEL] == "labstack"
    assert labels["com.docker.compose.project.working_dir"] == str(stack.dir)
    assert labels["docksmith.ignore"] == "true"
    stack.down()
    assert stack.ps() == []


def test_stacks_refuse_networking(lab_stack_factory: StackFactory) -> None:
    with pytest.raises(LabError):
        lab_stack_factory.create(
            "labnet", {"web": {"image": "x", "network_mode": "bridge"}}
        )


async def test_postgres_accepts_connections(lab_postgres_url: str) -> None:
    assert lab_postgres_url.startswith("postgres://postgres@127.0.0.1:")
    assert lab_postgres_url.endswith("/docksmith_test")
    conn = await asyncpg.connect(lab_postgres_url, timeout=10)
    try:
        assert await conn.fetchval("select current_database()") == "docksmith_test"
    finally:
        await conn.close()


def test_lab_bundle_shares_parts(
    lab: Lab, lab_engine: LabEngine, lab_registry: LabRegistry
) -> None:
    assert lab.engine is lab_engine
    assert lab.registry is lab_registry
    assert lab.ref("demo/app", "1.0.0") == f"{lab_registry.host}/demo/app:1.0.0"


def test_unavailable_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no dockerd"):
        unavailable("no dockerd")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no dockerd"):
        unavailable("no dockerd")


def test_a_part_that_failed_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    session = LabSession()
    attempts: list[int] = []

    def broken() -> LabEngine:
        attempts.append(1)
        raise LabError("dockerd exited\n--- last lines ---\nboom")

    for _ in range(2):
        with pytest.raises(pytest.fail.Exception, match="engine: dockerd exited"):
            session._get("engine", broken, LabEngine.close)
    assert attempts == [1]


def _self_signed_pem(path: Path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "lab-issuer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(hours=1))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def test_token_registry_points_clients_at_the_realm(tmp_path: Path) -> None:
    bundle = tmp_path / "issuer.pem"
    _self_signed_pem(bundle)
    reg = LabRegistry()
    try:
        reg.start(
            auth="token",
            token_realm="http://127.0.0.1:1/token",
            token_service="lab-registry",
            token_issuer="lab-issuer",
            rootcertbundle=bundle,
        )
        assert reg.api.ping() == 401
        assert reg.api.challenge() == (
            'Bearer realm="http://127.0.0.1:1/token",service="lab-registry"'
        )
    finally:
        reg.close()
    assert not reg.root.exists()
