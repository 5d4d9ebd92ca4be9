"""Two Docker hosts in the web UI: the lab's engine (`local`) and a second
private engine (`b`, a unix socket of its own), each running a container
named `twin-ui`. The host filter on Updates, the container screen of b's
`twin-ui` (its logs, inspect data and host), and the Explorer's host picker.

A server of this module's own: the shared one has a single host, and the
other browser tests expect exactly that."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from services.config import Settings
from tests.browser.conftest import Server
from tests.browser.harness import check_screen
from tests.lab.engine import LabEngine
from tests.lab.fixtures import Lab
from tests.support.api import FAST_HEALTH
from tests.support.server import live_server

NAME = "twin-ui"


@pytest.fixture(scope="module")
def engine_b(lab_engine: LabEngine) -> Iterator[LabEngine]:
    engine = LabEngine()
    engine.start()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def twins(lab: Lab, engine_b: LabEngine) -> Iterator[dict[str, str]]:
    old = lab.images.build("ui/twin", "1.0.0")
    lab.images.build("ui/twin", "1.1.0")
    engine_b.docker("pull", old.ref, timeout=120)
    ids = {
        "local": lab.engine.run_container(NAME, old.ref, command=["sleep", "3600"]),
        "b": engine_b.run_container(
            NAME, old.ref, command=["sh", "-c", "echo said on host b; exec sleep 3600"]
        ),
    }
    engine_b.docker("volume", "create", "only-on-b", timeout=30)
    yield ids
    lab.engine.remove_container(NAME)


@pytest.fixture(scope="module")
async def server(
    ui_dir: Path,
    lab_engine: LabEngine,
    engine_b: LabEngine,
    twins: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Server]:
    """Replaces conftest's `server` for this module's `page`."""
    root = tmp_path_factory.mktemp("ui-hosts")
    settings = Settings(
        _env_file=None,
        db_path=root / "docksmith.db",
        docker_host=lab_engine.docker_host,
        docker_hosts=f"b={engine_b.docker_host}",
        hosts_dir=root / "hosts",
        scripts_dir=root / "scripts",
        static_dir=ui_dir,
    )
    async with (
        live_server(settings) as live,
        httpx.AsyncClient(base_url=live.url, timeout=120) as api,
    ):
        response = await api.put("/api/policies", json=FAST_HEALTH)
        assert response.status_code == 200, response.text
        response = await api.get("/api/check")
        assert response.status_code == 200, response.text
        yield Server(url=live.url, api=api, live=live)


async def test_host_filter_and_a_container_of_host_b(
    page: Page, twins: dict[str, str], lab_engine: LabEngine, engine_b: LabEngine
):
    await page.goto("/")
    local_row = page.get_by_role("listitem", name=f"{NAME} on local")
    b_row = page.get_by_role("listitem", name=f"{NAME} on b")
    await expect(local_row).to_be_visible()
    await expect(b_row).to_be_visible()

    # The filter keeps host b's rows only.
    await page.get_by_role("combobox", name="Host").click()
    await page.get_by_role("option", name="b", exact=True).click()
    await expect(local_row).to_have_count(0)
    await expect(b_row).to_be_visible()
    await expect(b_row.get_by_label("Host b")).to_be_visible()

    # b's twin opens on its own screen: everything there is b's.
    await b_row.get_by_role("link", name=NAME).click()
    await expect(page).to_have_url(re.compile(rf"/containers/{NAME}\?host=b$"))
    await expect(page.get_by_role("heading", name=NAME, level=2)).to_be_visible()
    await expect(page.get_by_label("Host b")).to_be_visible()
    await expect(page.get_by_text("Update available", exact=True)).to_be_visible()
    await check_screen(page, "container-of-host-b")

    await page.get_by_role("tab", name="Logs").click()
    await expect(page.get_by_role("log", name="Container logs")).to_contain_text(
        "said on host b"
    )
    await page.get_by_role("tab", name="Inspect").click()
    await expect(page.get_by_text(twins["b"]).first).to_be_visible()
    await expect(page.get_by_text(twins["local"])).to_have_count(0)

    # The Explorer shows the picked host's resources.
    await page.goto("/explorer")
    await page.get_by_role("tab", name=re.compile("^Volumes")).click()
    volume = page.get_by_role("listitem", name="only-on-b")
    await expect(page.get_by_role("combobox", name="Host")).to_have_value("local")
    await expect(volume).to_have_count(0)
    await page.get_by_role("combobox", name="Host").click()
    await page.get_by_role("option", name="b", exact=True).click()
    await expect(volume).to_be_visible()

    # Update on b's container screen updates b's twin only.
    await page.goto(f"/containers/{NAME}?host=b")
    actions = page.get_by_role("group", name="Update actions")
    await actions.get_by_role("button", name=f"Update {NAME}").click()
    dialog = page.get_by_role("dialog", name=f"Update {NAME}?")
    await dialog.get_by_role("button", name="Update", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/operations/[^/]+$"))
    await expect(page.get_by_text("The operation completed.")).to_be_visible(
        timeout=120_000
    )
    for engine, tag in ((engine_b, "1.1.0"), (lab_engine, "1.0.0")):
        [info] = engine.inspect(NAME)
        assert str(info["Config"]["Image"]).endswith(f":{tag}"), info["Config"]


async def test_a_rollback_policy_added_in_settings_is_saved_on_the_host_picked(
    page: Page, server: Server
):
    # given Settings' form to add a rollback policy, with two hosts to pick
    await page.goto("/settings")
    form = page.get_by_role("group", name="Add a policy")
    await form.get_by_role("combobox", name="Applies to").click()
    await page.get_by_role("option", name="Container", exact=True).click()
    await expect(form.get_by_role("combobox", name="Host")).to_have_value("local")
    await form.get_by_role("combobox", name="Host").click()
    await page.get_by_role("option", name="b", exact=True).click()
    await form.get_by_role("textbox", name="Container name").fill(NAME)

    # when it is added
    await form.get_by_role("button", name="Add policy").click()

    # then the list names it with its host, and it is b's policy, not local's
    await expect(
        page.get_by_role("listitem", name=f"Container {NAME} (b) policy")
    ).to_be_visible()
    query = "{ policies { policies { entityType entityId host autoRollbackEnabled } } }"
    answer = (await server.api.post("/graphql", json={"query": query})).json()
    stored = [
        p for p in answer["data"]["policies"]["policies"] if p["entityId"] == NAME
    ]
    assert stored == [
        {
            "entityType": "CONTAINER",
            "entityId": NAME,
            "host": "b",
            "autoRollbackEnabled": True,
        }
    ]
    response = await server.api.delete(
        "/api/policies/container", params={"entity_id": NAME, "host": "b"}
    )
    assert response.status_code == 200, response.text
