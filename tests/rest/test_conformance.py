"""The original's API reference, route by route, against the lab.

`SEED` lists every route of the seed's `api-reference.txt` once, with its
documented method and path, an example request as the reference writes it
and the response fields it documents (or, where it documents none, the ones
a client needs). One live server on a private lab engine answers them in
order; a route that starts an operation must see it complete. The
original's field spellings (`container_name`, `target_version`,
`label_names`, `script_path`, the batch object form) are sent as well.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.lab.images import ImageBuilder
from tests.lab.procs import short_tmpdir
from tests.lab.stacks import StackFactory
from tests.support.api import lab_api, wait_done

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Route:
    """One documented route. `url`, `query` and `body` may name lab objects
    as `{app}`, `{stack}`... (see `world`); `fields` are paths into `data`:
    `a` a key, `a[].b` a key of every item of list `a`, `[].b` of every item
    of a list `data`."""

    method: str
    path: str  # as the reference spells it
    url: str
    fields: tuple[str, ...] = ()
    query: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    saves: str | None = None  # remember the started operation under this name
    sse: bool = False


SEED: tuple[Route, ...] = (
    # Health & Status
    Route("GET", "/api/health", "/api/health", ("status", "version")),
    Route("GET", "/api/status", "/api/status",
          ("total_checked", "updates_found", "last_cache_refresh", "last_background_run")),
    Route("GET", "/api/docker-config", "/api/docker-config",
          ("config_path", "registries")),
    # Discovery & Checking
    Route("GET", "/api/check", "/api/check",
          ("containers", "total", "updates_available", "containers[].name",
           "containers[].stack", "containers[].image", "containers[].current_version",
           "containers[].latest_version", "containers[].status",
           "containers[].update_available", "containers[].labels")),
    Route("POST", "/api/trigger-check", "/api/trigger-check", ("message",)),
    Route("GET", "/api/container/{name}/recheck", "/api/container/{app}/recheck",
          ("name", "current_version", "latest_version", "update_available")),
    # Updates
    Route("POST", "/api/update", "/api/update",
          ("operation_id", "container", "status"),
          body={"container": "{app}", "version": "1.1.0"}, saves="update"),
    Route("POST", "/api/update/batch", "/api/update/batch",
          ("batch_group_id", "operations", "operations[].operation_id"),
          body={"containers": ["{worker}"]}),
    Route("POST", "/api/rollback", "/api/rollback", ("operation_id", "status"),
          body={"operation_id": "{update}"}),
    # History & Operations
    Route("GET", "/api/operations", "/api/operations",
          ("[].operation_id", "[].container_name", "[].stack_name",
           "[].operation_type", "[].status", "[].old_version", "[].new_version",
           "[].started_at", "[].completed_at"),
          query={"container": "{app}", "type": "update", "limit": "10"}),
    Route("GET", "/api/operations/{id}", "/api/operations/{update}",
          ("operation_id", "container_name", "status", "log")),
    Route("GET", "/api/history", "/api/history", ("[].timestamp", "[].type")),
    Route("GET", "/api/policies", "/api/policies",
          ("containers", "containers{}.can_rollback",
           "containers{}.last_operation_id", "containers{}.old_version")),
    # Restart
    Route("POST", "/api/restart", "/api/restart", ("operation_id", "status"),
          body={"container": "{solo}"}),
    Route("POST", "/api/restart/container/{name}", "/api/restart/container/{solo}",
          ("operation_id", "status")),
    Route("POST", "/api/restart/stack/{name}", "/api/restart/stack/{stack}",
          ("operation_id", "status")),
    Route("POST", "/api/restart/start/{name}", "/api/restart/start/{solo}", sse=True),
    # Labels
    Route("GET", "/api/labels/{container}", "/api/labels/{app}",
          ("container", "labels")),
    Route("POST", "/api/labels/set", "/api/labels/set", ("operation_id", "status"),
          body={"container": "{app}", "labels": {
              "docksmith.version-pin-major": "true", "docksmith.ignore": "false"}}),
    Route("POST", "/api/labels/remove", "/api/labels/remove",
          ("operation_id", "status"),
          body={"container": "{app}", "labels": ["docksmith.ignore"]}),
    # Scripts
    Route("GET", "/api/scripts", "/api/scripts", ("[].name", "[].path")),
    Route("POST", "/api/scripts/assign", "/api/scripts/assign",
          ("container_name", "script_path"),
          body={"container": "{app}", "script": "check.sh"}),
    Route("GET", "/api/scripts/assigned", "/api/scripts/assigned",
          ("[].container_name", "[].script_path")),
    Route("DELETE", "/api/scripts/assign/{container}", "/api/scripts/assign/{app}",
          ("message",)),
    # Registry
    Route("GET", "/api/registry/tags/{image}", "/api/registry/tags/{repository}",
          ("image_ref", "tags", "count")),
    # Events
    Route("GET", "/api/events", "/api/events", sse=True),
    # Explorer
    Route("GET", "/api/explorer", "/api/explorer",
          ("containers", "images", "networks", "volumes")),
    Route("GET", "/api/images", "/api/images", ("images", "count")),
    Route("GET", "/api/networks", "/api/networks", ("networks", "count")),
    Route("GET", "/api/volumes", "/api/volumes", ("volumes", "count")),
    Route("DELETE", "/api/images/{id}", "/api/images/{spare_image}", ("message",)),
    Route("DELETE", "/api/networks/{id}", "/api/networks/{spare_network}",
          ("message",)),
    Route("DELETE", "/api/volumes/{name}", "/api/volumes/{spare_volume}",
          ("message",)),
    # Compose Mismatch
    Route("POST", "/api/fix-compose-mismatch/{name}",
          "/api/fix-compose-mismatch/{drift}", ("operation_id",)),
    # Container Operations
    Route("GET", "/api/containers/{name}/logs", "/api/containers/{solo}/logs",
          ("logs",), query={"tail": "100"}),
    Route("GET", "/api/containers/{name}/inspect", "/api/containers/{solo}/inspect",
          ("id", "name", "image", "state")),
    Route("GET", "/api/containers/{name}/stats", "/api/containers/{solo}/stats",
          ("cpu_percent", "memory_usage", "memory_limit", "memory_percent",
           "network_rx", "network_tx")),
    Route("POST", "/api/containers/{name}/stop", "/api/containers/{solo}/stop",
          ("container", "status")),
    Route("POST", "/api/containers/{name}/start", "/api/containers/{solo}/start",
          ("container", "status")),
    Route("POST", "/api/containers/{name}/restart",
          "/api/containers/{solo}/restart", ("container", "status")),
    Route("DELETE", "/api/containers/{name}", "/api/containers/{victim}",
          ("container", "status"), query={"force": "true"}),
    # Prune
    Route("POST", "/api/prune/containers", "/api/prune/containers",
          ("count", "space_reclaimed")),
    Route("POST", "/api/prune/images", "/api/prune/images",
          ("count", "space_reclaimed")),
    Route("POST", "/api/prune/networks", "/api/prune/networks",
          ("count", "space_reclaimed")),
    Route("POST", "/api/prune/volumes", "/api/prune/volumes",
          ("count", "space_reclaimed")),
    Route("POST", "/api/prune/system", "/api/prune/system",
          ("containers_deleted", "images_deleted", "networks_deleted",
           "volumes_deleted", "space_reclaimed")),
)  # fmt: skip


def seed_reference() -> str:
    """The original's API reference: ../shared/seed/ beside the repository
    (CI lays shared/ there), or beside any folder above it."""
    for parent in REPO.parents:
        candidate = parent / "shared" / "seed" / "api-reference.txt"
        if candidate.is_file():
            return candidate.read_text()
    message = "the seed's api-reference.txt is not beside the repository"
    if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


def seed_routes() -> list[tuple[str, str]]:
    found = re.findall(r"^(GET|POST|PUT|DELETE) (/api/\S+) ", seed_reference(), re.M)
    return sorted(set(found))


def test_the_table_lists_every_seed_route_once():
    table = [(r.method, r.path) for r in SEED]
    assert len(table) == len(set(table)), "a route is listed twice"
    assert sorted(table) == seed_routes()


def test_each_url_is_an_instance_of_its_documented_path():
    for route in SEED:
        pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(route.path))
        pattern = pattern.replace("/api/registry/tags/[^/]+", "/api/registry/tags/.+")
        assert re.fullmatch(pattern, route.url.format_map(SAMPLE_WORLD)), route.path


# Values with the shape of the lab's, for checking URLs without a lab.
SAMPLE_WORLD = {
    "app": "conf-app-1", "worker": "conf-worker-1", "drift": "conf-drift-1",
    "stack": "conf", "solo": "conf-solo", "victim": "conf-victim",
    "repository": "127.0.0.1:5000/conf/app", "spare_image": "conf-spare:1",
    "spare_network": "conf-spare-net", "spare_volume": "conf-spare-vol",
    "update": "op_x",
}  # fmt: skip


def fill(value: Any, world: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return value.format_map(world)
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


def missing_fields(data: Any, paths: tuple[str, ...]) -> list[str]:
    missing = []
    for path in paths:
        if path.startswith("[]."):
            items = data if isinstance(data, list) else None
            key = path[3:]
        elif "[]." in path or "{}." in path:
            outer, key = re.split(r"\[\]\.|\{\}\.", path, maxsplit=1)
            inner = data.get(outer) if isinstance(data, dict) else None
            items = list(inner.values()) if isinstance(inner, dict) else inner
        else:
            if not isinstance(data, dict) or path not in data:
                missing.append(path)
            continue
        if not items or not all(isinstance(i, dict) and key in i for i in items):
            missing.append(path)
    return missing


@pytest.fixture(scope="module")
def engine(private_lab_engine):
    return private_lab_engine


@pytest.fixture(scope="module")
def world(engine, lab_registry):
    images = ImageBuilder(engine, lab_registry)
    images.build_many("conf/app", ["1.0.0", "1.1.0", "1.2.0"])
    images.build_ref("conf-spare:1")
    engine.docker("network", "create", "--internal", "conf-spare-net")
    engine.docker("volume", "create", "conf-spare-vol")
    r = lab_registry.host
    stacks = StackFactory(engine, short_tmpdir("conf-st"))
    services = ("app", "worker", "drift", "extra")
    compose = "services:\n" + "".join(
        f"  {s}:\n    image: {r}/conf/app:1.0.0\n    network_mode: none\n"
        for s in services
    )
    stack = stacks.create("conf", compose_text=compose)
    stack.up()
    # edited after `up`: the running drift container is behind its file
    stack.write_text(
        stack.read_text().replace(
            f"  drift:\n    image: {r}/conf/app:1.0.0",
            f"  drift:\n    image: {r}/conf/app:1.1.0",
        )
    )
    engine.run_container("conf-solo", f"{r}/conf/app:1.0.0")
    engine.run_container("conf-victim", f"{r}/conf/app:1.0.0")
    yield {
        "app": stack.container("app").name,
        "worker": stack.container("worker").name,
        "drift": stack.container("drift").name,
        "extra": stack.container("extra").name,
        "stack": "conf",
        "solo": "conf-solo",
        "victim": "conf-victim",
        "repository": f"{r}/conf/app",
        "spare_image": "conf-spare:1",
        "spare_network": "conf-spare-net",
        "spare_volume": "conf-spare-vol",
    }
    stacks.close()


@pytest.fixture(scope="module")
async def api(engine, world, tmp_path_factory):
    root = tmp_path_factory.mktemp("conformance")
    scripts = root / "scripts"
    scripts.mkdir()
    check = scripts / "check.sh"
    check.write_text("#!/bin/sh\nexit 0\n")
    check.chmod(0o755)
    async with lab_api(root, engine.docker_host, scripts_dir=scripts) as client:
        assert (await client.get("/api/check")).status_code == 200
        yield client


async def send(api: httpx.AsyncClient, route: Route, world: dict[str, str]):
    return await api.request(
        route.method,
        fill(route.url, world),
        params=fill(dict(route.query), world) or None,
        json=fill(route.body, world),
    )


async def read_sse(api: httpx.AsyncClient, route: Route, world) -> list[dict]:
    """The events of an SSE route: all of them, or the first for a stream
    that never ends."""
    events = []
    async with api.stream(route.method, fill(route.url, world)) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        async for line in response.aiter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
                if route.path == "/api/events":
                    break
    return events


async def test_every_seed_route_answers_as_documented(api, world):
    failures: list[str] = []
    for route in SEED:
        name = f"{route.method} {route.path}"
        try:
            fill([route.url, dict(route.query), route.body], world)
        except KeyError as exc:
            failures.append(f"{name}: needs {exc} from an earlier route")
            continue
        if route.sse:
            events = await read_sse(api, route, world)
            if route.path == "/api/events":
                ok = events == [{"status": "connected"}]
            else:
                ok = bool(events) and all(
                    e["type"] == "restart.progress" for e in events
                )
            if not ok:
                failures.append(f"{name}: events {events}")
            continue
        response = await send(api, route, world)
        if response.status_code != 200:
            failures.append(f"{name}: {response.status_code} {response.text}")
            continue
        body = response.json()
        if body.get("success") is not True:
            failures.append(f"{name}: envelope {body}")
            continue
        data = body["data"]
        if missing := missing_fields(data, route.fields):
            failures.append(f"{name}: no {', '.join(missing)} in {data}")
        operation_id = data.get("operation_id") if isinstance(data, dict) else None
        if operation_id:
            done = await wait_done(api, operation_id)
            if done["status"] != "complete":
                failures.append(f"{name}: operation {done}")
            if route.saves:
                world[route.saves] = operation_id
    assert not failures, "\n".join(failures)


async def recheck(api, name: str) -> dict:
    response = await api.get(f"/api/container/{name}/recheck")
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def started(api, response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    for op in data.get("operations", [data]):
        done = await wait_done(api, op["operation_id"])
        assert done["status"] == "complete", done
    return data


class TestOriginalSpellings:
    async def test_update_takes_container_name_and_target_version(self, api, world):
        body = {"container_name": world["extra"], "target_version": "1.1.0"}
        await started(api, await api.post("/api/update", json=body))
        assert (await recheck(api, world["extra"]))["current_version"] == "1.1.0"

    async def test_batch_takes_objects_with_either_spelling(self, api, world):
        body = {
            "containers": [
                {"name": world["extra"], "target_version": "1.2.0"},
                {"container_name": world["worker"], "version": "1.2.0"},
            ]
        }
        data = await started(api, await api.post("/api/update/batch", json=body))
        assert sorted(c for op in data["operations"] for c in op["containers"]) == (
            sorted([world["extra"], world["worker"]])
        )
        for name in (world["extra"], world["worker"]):
            assert (await recheck(api, name))["current_version"] == "1.2.0"

    async def test_labels_take_container_name_and_label_names(self, api, world):
        label = "docksmith.allow-prerelease"
        body = {"container_name": world["extra"], "labels": {label: "true"}}
        await started(api, await api.post("/api/labels/set", json=body))
        labels = (await api.get(f"/api/labels/{world['extra']}")).json()["data"]
        assert labels["labels"][label] == "true"
        body = {"container_name": world["extra"], "label_names": [label]}
        await started(api, await api.post("/api/labels/remove", json=body))
        labels = (await api.get(f"/api/labels/{world['extra']}")).json()["data"]
        assert label not in labels["labels"]

    async def test_script_assignment_takes_container_name_and_script_path(
        self, api, world
    ):
        body = {"container_name": world["extra"], "script_path": "check.sh"}
        response = await api.post("/api/scripts/assign", json=body)
        assert response.status_code == 200, response.text
        assigned = (await api.get("/api/scripts/assigned")).json()["data"]
        assert {
            "container_name": world["extra"],
            "script_path": "check.sh",
        }.items() <= (
            next(a for a in assigned if a["container_name"] == world["extra"]).items()
        )

    async def test_restart_takes_container_name(self, api, world):
        body = {"container_name": world["solo"]}
        data = await started(api, await api.post("/api/restart", json=body))
        assert data["container_name"] == world["solo"]
