"""Auto-update and rollback policies edited where a self-hoster looks for
them: a stack's on its screen (opened from Updates), a container's on its
Policies tab, the global one in Settings; refusals shown in the API's words,
and the settings in force with the level that decides each."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import Server
from tests.browser.harness import check_screen
from tests.browser.world import World

BAD_WINDOW = "someday 25:00"
BAD_TIMEOUT = 5000


@pytest.fixture
async def clean_policies(server: Server, world: World) -> AsyncIterator[None]:
    """The world is shared: leave no auto-update policy behind."""
    yield
    for path, params in (
        ("stack", {"entity_id": "misc"}),
        ("container", {"entity_id": world.names["ignored"]}),
        ("global", {}),
    ):
        await server.api.delete(f"/api/auto-update/policies/{path}", params=params)


async def api_refusal(server: Server, path: str, body: dict[str, object]) -> str:
    """What the REST edge says to the same bad value: the UI must say it too."""
    response = await server.api.put(path, json=body)
    assert response.status_code == 400, response.text
    message: str = response.json()["error"]["message"]
    return message


def in_force(page: Page, name: str, setting: str) -> Locator:
    table = page.get_by_role("table", name=f"Settings in force for {name}")
    return table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=setting, exact=True)
    )


async def test_stack_container_and_global_policies(
    page: Page, server: Server, world: World, clean_policies: None
):
    # given the Updates screen: a stack's name opens its screen
    await page.goto("/")
    await page.get_by_role("link", name="Stack misc: containers and policies").click()
    await expect(
        page.get_by_role("heading", name="Stack misc", level=2)
    ).to_be_visible()
    listed = page.get_by_role("region", name="Containers")
    await expect(
        listed.get_by_role("link", name=world.names["ignored"], exact=True)
    ).to_be_visible()

    # when a bad window is saved, the server's words are shown beside the form
    stack = page.get_by_role("group", name="Auto-update policy of stack misc")
    await stack.get_by_role("combobox", name="Level").select_option("MINOR")
    window = stack.get_by_role("textbox", name="Maintenance window")
    await window.fill(BAD_WINDOW)
    await stack.get_by_role(
        "button", name="Save the auto-update policy of stack misc"
    ).click()
    words = await api_refusal(
        server,
        "/api/auto-update/policies",
        {"entity_type": "stack", "entity_id": "misc", "maintenance_window": BAD_WINDOW},
    )
    await expect(stack.get_by_role("alert")).to_contain_text(words)
    await expect(stack.get_by_role("alert")).to_contain_text("BAD_REQUEST")
    await expect(window).to_have_value(BAD_WINDOW)

    # then a good one is saved and the stack's policy decides
    await window.fill("sun 01:00-05:00")
    await stack.get_by_role(
        "button", name="Save the auto-update policy of stack misc"
    ).click()
    await expect(in_force(page, "stack misc", "Automatic updates")).to_contain_text(
        "minorstack policy"
    )
    await expect(in_force(page, "stack misc", "Maintenance window")).to_contain_text(
        "sun 01:00-05:00stack policy"
    )
    # and each of its containers shows what decides for it
    members = page.get_by_role(
        "table", name="Settings in force for each container of stack misc"
    )
    await expect(
        members.get_by_role("row").filter(has_text=world.names["ignored"])
    ).to_contain_text("minor (stack policy)")
    await expect(page.locator("[aria-busy='true']")).to_have_count(0)
    await check_screen(page, "stack")

    # when the container opens on its Policies tab, the stack decides it
    ignored = world.names["ignored"]
    await listed.get_by_role("link", name=ignored, exact=True).click()
    await page.get_by_role("tab", name="Policies").click()
    await expect(in_force(page, ignored, "Automatic updates")).to_contain_text(
        "minorstack policy"
    )

    # and a container policy of its own takes over the level only
    own = page.get_by_role("group", name=f"Auto-update policy of {ignored}")
    await own.get_by_role("combobox", name="Level").select_option("PATCH")
    await own.get_by_role(
        "button", name=f"Save the auto-update policy of {ignored}"
    ).click()
    await expect(in_force(page, ignored, "Automatic updates")).to_contain_text(
        "patchcontainer policy"
    )
    await expect(in_force(page, ignored, "Maintenance window")).to_contain_text(
        "stack policy"
    )

    # and its rollback policy refuses an out-of-range timeout in the API's words
    rollback = page.get_by_role("group", name=f"Rollback policy of {ignored}")
    timeout = rollback.get_by_role("textbox", name="Health timeout (s)")
    await timeout.fill(str(BAD_TIMEOUT))
    save = rollback.get_by_role("button", name=f"Save the rollback policy of {ignored}")
    await save.click()
    words = await api_refusal(
        server,
        "/api/policies",
        {
            "entity_type": "container",
            "entity_id": ignored,
            "health_timeout_seconds": BAD_TIMEOUT,
        },
    )
    await expect(rollback.get_by_role("alert")).to_contain_text(words)
    await timeout.fill("90")
    await save.click()
    await expect(in_force(page, ignored, "Health timeout")).to_contain_text(
        "90 scontainer policy"
    )
    await expect(page.locator("[aria-busy='true']")).to_have_count(0)
    await check_screen(page, "container-policies")

    # when the global policy is set in Settings
    await page.goto("/settings")
    everywhere = page.get_by_role("group", name="Auto-update policy of every container")
    await everywhere.get_by_role("combobox", name="Level").select_option("MAJOR")
    await everywhere.get_by_role("textbox", name="Minimum image age").fill("2d")
    await everywhere.get_by_role(
        "button", name="Save the auto-update policy of every container"
    ).click()

    # then it is in force globally and listed with the others, which link to
    # the screens that edit them
    await expect(
        in_force(page, "every container", "Automatic updates")
    ).to_contain_text("majorglobal policy")
    policies = page.get_by_role("table", name="Automatic update policies")
    await expect(policies).to_contain_text("Globalmajor2d")
    await policies.get_by_role("link", name="misc", exact=True).click()
    await expect(
        page.get_by_role("heading", name="Stack misc", level=2)
    ).to_be_visible()
    await expect(in_force(page, "stack misc", "Minimum image age")).to_contain_text(
        "2dglobal policy"
    )
