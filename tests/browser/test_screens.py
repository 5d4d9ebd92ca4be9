"""The other screens against the lab: a label edit on the Container page, the
Explorer removing an unused image, and every screen's axe scan, 375 px
layout and screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.harness import check_screen
from tests.browser.world import World
from tests.lab.engine import LabEngine


async def test_label_edit_changes_the_status_after_the_recheck(
    page: Page, world: World, lab_engine: LabEngine
):
    # Its own container: the Updates tests expect `tagged` untouched.
    tagged = world.names["relabel"]
    await page.goto(f"/containers/{tagged}")
    await expect(page.get_by_role("heading", name=tagged, level=2)).to_be_visible()
    await expect(page.get_by_text("Update available", exact=True)).to_be_visible()

    await page.get_by_role("switch", name="Ignore").check()
    # The auto-rollback and post-update labels go in the same save.
    rollback = page.get_by_role("radiogroup", name="Automatic rollback")
    await expect(
        rollback.get_by_role("radio", name="As the policies say")
    ).to_be_checked()
    await rollback.get_by_role("radio", name="Never").check()
    action = f"restart:{world.names['db']}"
    await page.get_by_role("textbox", name="After an update").fill(action)
    # So do the automatic-update ones; a bad minimum age is refused beside its
    # field by the auto-update rules before Save is offered.
    auto = page.get_by_role("radiogroup", name="Automatic updates")
    await auto.get_by_role("radio", name="Patch").check()
    age = page.get_by_role("textbox", name="Minimum image age")
    await age.fill("3 days")
    await expect(page.get_by_text("Fix the problems above to save.")).to_be_visible()
    await expect(age).to_have_accessible_description(re.compile("such as 3d"))
    await age.fill("3d")
    window = "sat,sun 02:00-06:00"
    await page.get_by_role("textbox", name="Maintenance window").fill(window)
    # The server checks the change before Save is offered.
    await expect(page.get_by_text("The change is valid.")).to_be_visible()
    await page.get_by_role("button", name="Save labels").click()

    await expect(page).to_have_url(re.compile(r"/operations/[^/]+$"))
    await expect(page.get_by_text("The operation completed.")).to_be_visible(
        timeout=120_000
    )
    [info] = lab_engine.inspect(tagged)
    labels = info["Config"]["Labels"]
    assert labels.get("docksmith.ignore") == "true"
    assert labels.get("docksmith.auto-rollback") == "false"
    assert labels.get("docksmith.post-update") == action
    assert labels.get("docksmith.auto-update") == "patch"
    assert labels.get("docksmith.min-age") == "3d"
    assert labels.get("docksmith.maintenance-window") == window

    await page.get_by_role("link", name="Updates").click()
    item = page.get_by_role("listitem", name=tagged, exact=True)
    await expect(item.get_by_text("Ignored", exact=True)).to_be_visible()


async def test_explorer_removes_an_unused_image(
    page: Page, world: World, lab_engine: LabEngine
):
    image = world.unused_image
    await page.goto("/explorer")
    await expect(page.get_by_role("heading", name="Explorer", level=2)).to_be_visible()
    item = page.get_by_role("listitem", name=image, exact=True)
    await expect(item.get_by_text("Unused", exact=True)).to_be_visible()
    # An image a container runs offers no removal.
    used = page.get_by_role("listitem", name=world.ref("ui/db", "16.1.0"), exact=True)
    await expect(used).to_contain_text(world.names["db"])
    await expect(used.get_by_role("button")).to_have_count(0)

    await item.get_by_role("button", name=f"Remove image {image}").click()
    dialog = page.get_by_role("dialog", name=f"Remove image {image}?")
    await dialog.get_by_role("button", name="Remove", exact=True).click()

    await expect(page.get_by_text(f"Removed {image}")).to_be_visible()
    await expect(item).to_have_count(0)
    gone = lab_engine.docker("image", "inspect", image, check=False)
    assert gone.returncode != 0, f"{image} is still on the engine"


@pytest.mark.parametrize(
    ("name", "path", "heading"),
    [
        ("history", "/history", "History"),
        ("explorer", "/explorer", "Explorer"),
        ("settings", "/settings", "Settings"),
        ("container", "/containers/{db}", "{db}"),
        ("not-found", "/no/such/screen", "Page not found"),
    ],
)
async def test_screen(page: Page, world: World, name: str, path: str, heading: str):
    await page.goto(path.format(db=world.names["db"]))
    await expect(
        page.get_by_role("heading", name=heading.format(db=world.names["db"]), level=2)
    ).to_be_visible()
    # Skeletons gone: the screen shows its data, not its loading state.
    await expect(page.locator("[aria-busy='true']")).to_have_count(0)
    await check_screen(page, name)


# The build's chunk budget (frontend/vite.config.ts warns above it too).
CHUNK_LIMIT = 400_000
LAZY = ("OperationPage", "ContainerPage", "HistoryPage", "ExplorerPage", "SettingsPage")


async def loaded_scripts(page: Page) -> dict[str, int]:
    """Every script the page fetched so far: file name -> decoded size."""
    found: dict[str, int] = await page.evaluate(
        """() => Object.fromEntries(performance.getEntriesByType('resource')
            .filter(e => new URL(e.name).pathname.endsWith('.js'))
            .map(e => [new URL(e.name).pathname.split('/').pop(), e.decodedBodySize]))"""
    )
    return found


def chunks_of(scripts: dict[str, int], *names: str) -> list[str]:
    return [s for s in scripts if s.split("-", 1)[0] in names]


async def test_each_screen_fetches_its_code_when_first_opened(page: Page, world: World):
    await page.goto("/")
    await expect(page.get_by_role("heading", name="Updates", level=2)).to_be_visible()
    await expect(page.get_by_role("listitem").first).to_be_visible()
    first = await loaded_scripts(page)
    assert chunks_of(first, "react", "mantine", "graphql"), first
    assert not chunks_of(first, *LAZY, "StatsPanel"), first
    big = {name: size for name, size in first.items() if size > CHUNK_LIMIT}
    assert not big, f"chunks over {CHUNK_LIMIT} bytes: {big}"

    await page.get_by_role("link", name="History").click()
    await expect(page.get_by_role("heading", name="History", level=2)).to_be_visible()
    assert chunks_of(await loaded_scripts(page), "HistoryPage")

    # The charts come with the Stats tab, not with the Container screen.
    db = world.names["db"]
    await page.goto(f"/containers/{db}")
    await expect(page.get_by_role("heading", name=db, level=2)).to_be_visible()
    scripts = await loaded_scripts(page)
    assert chunks_of(scripts, "ContainerPage"), scripts
    assert not chunks_of(scripts, "StatsPanel"), scripts
    await page.get_by_role("tab", name="Stats").click()
    await expect(
        page.get_by_role("img", name=re.compile(r"^CPU over the last"))
    ).to_be_visible()
    scripts = await loaded_scripts(page)
    assert chunks_of(scripts, "StatsPanel"), scripts
    big = {name: size for name, size in scripts.items() if size > CHUNK_LIMIT}
    assert not big, f"chunks over {CHUNK_LIMIT} bytes: {big}"
