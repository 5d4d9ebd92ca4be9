"""The Updates page against the lab: statuses as the check found them, a batch
update watched live to the new versions, a failing update rolled back."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.browser.harness import check_screen, shoot
from tests.browser.world import World
from tests.lab.engine import LabEngine

# What a person reads on each status badge.
STATUS_LABEL = {
    "UPDATE_AVAILABLE": "Update available",
    "UPDATE_AVAILABLE_BLOCKED": "Blocked",
    "COMPOSE_MISMATCH": "Compose mismatch",
    "ERROR": "Error",
    "UP_TO_DATE_PINNABLE": "Pinnable",
    "UP_TO_DATE": "Up to date",
    "LOCAL_IMAGE": "Local image",
    "IGNORED": "Ignored",
}


def row(page: Page, container: str):
    return page.get_by_role("listitem", name=container, exact=True)


async def open_updates(page: Page) -> None:
    await page.goto("/")
    await expect(page.get_by_role("heading", name="Updates", level=2)).to_be_visible()
    await expect(page.get_by_role("listitem").first).to_be_visible()


def running_version(engine: LabEngine, container: str) -> str:
    [info] = engine.inspect(container)
    return str(info["Config"]["Image"]).rsplit(":", 1)[1]


async def watch_progress(page: Page) -> set[str]:
    """Every value the operation's progress bar shows until it is finished."""
    seen: set[str] = set()
    bar = page.get_by_role("progressbar", name="Operation progress")
    done = page.get_by_role("alert").or_(page.get_by_text("The operation completed."))
    for _ in range(1200):  # 120 s at most
        if await done.count() and await done.first.is_visible():
            break
        if await bar.count():
            seen.add(await bar.first.get_attribute("aria-valuenow") or "")
        await page.wait_for_timeout(100)
    return seen


async def test_updates_lists_the_lab_containers_with_their_statuses(
    page: Page, world: World
):
    await open_updates(page)
    for service, status in world.statuses.items():
        item = row(page, world.names[service])
        await expect(item).to_be_visible()
        await expect(item.get_by_text(STATUS_LABEL[status], exact=True)).to_be_visible()
    # Grouped by stack, standalone containers together.
    for group in ("Stack shop", "Stack edge", "Stack misc", "Standalone containers"):
        await expect(page.get_by_role("region", name=group)).to_be_visible()
    standalone = page.get_by_role("region", name="Standalone containers")
    await expect(row(standalone, world.names["standalone"])).to_be_visible()
    # The words behind a status, and the actions it offers.
    await expect(row(page, world.names["gated"])).to_contain_text("nightly backup")
    await expect(row(page, world.names["ignored"])).to_contain_text("docksmith.ignore")
    cache = row(page, world.names["cache"])
    await expect(
        cache.get_by_role("button", name=f"Pin to 7.2.4: {world.names['cache']}")
    ).to_be_visible()
    search = row(page, world.names["search"])
    await expect(
        search.get_by_role("button", name=f"Fix mismatch of {world.names['search']}")
    ).to_be_visible()
    web = row(page, world.names["web"])
    await expect(
        web.get_by_role("group", name="Version 1.0.0 to 1.1.0")
    ).to_be_visible()
    await expect(
        web.get_by_role("button", name=f"Update {world.names['web']}")
    ).to_be_enabled()
    # The summary counts every status: as many as the list shows (other tests
    # may have changed a container of their own before this one runs).
    summary = page.get_by_role("group", name="Containers per status")
    for status in ("UP_TO_DATE", "IGNORED", "UPDATE_AVAILABLE"):
        label = STATUS_LABEL[status]
        shown = await page.locator(f"li [data-status='{status}']").count()
        assert shown >= 1, label
        await expect(
            summary.get_by_role("button", name=f"{label}: {shown}")
        ).to_be_visible()
    # Every status at once, before the other tests change any: the README's
    # picture (docs/updates.png is a copy of this artifact).
    await shoot(page, "updates-overview", "desktop", full_page=False)


async def test_updates_filter_by_status(page: Page, world: World):
    await open_updates(page)
    summary = page.get_by_role("group", name="Containers per status")
    await summary.get_by_role("button", name=re.compile(r"^Ignored: \d+$")).click()
    await expect(row(page, world.names["ignored"])).to_be_visible()
    await expect(row(page, world.names["db"])).to_have_count(0)


async def test_container_screen_updates_its_container_and_then_offers_the_rollback(
    page: Page, world: World, lab_engine: LabEngine
):
    # `tagged` is only updated here, after the listing test saw it.
    tagged = world.names["tagged"]
    await page.goto(f"/containers/{tagged}")
    await expect(page.get_by_role("heading", name=tagged, level=2)).to_be_visible()
    await expect(page.get_by_text("Update available", exact=True)).to_be_visible()
    actions = page.get_by_role("group", name="Update actions")
    await expect(actions.get_by_role("button", name="Roll back")).to_have_count(0)
    await actions.get_by_role("button", name=f"Update {tagged}").click()
    dialog = page.get_by_role("dialog", name=f"Update {tagged}?")
    await expect(dialog).to_contain_text("from 3.0.0 to 3.1.0")
    # The setting in force, from the server: no label or policy turns it on.
    await expect(dialog).to_contain_text(
        f"Automatic rollback is off for {tagged} (global policy)"
    )
    await dialog.get_by_role("button", name="Update", exact=True).click()

    await expect(page).to_have_url(re.compile(r"/operations/[^/]+$"))
    await expect(page.get_by_text("The operation completed.")).to_be_visible(
        timeout=120_000
    )
    assert running_version(lab_engine, tagged) == "3.1.0"

    await page.goto(f"/containers/{tagged}")
    await expect(page.get_by_text("Up to date", exact=True)).to_be_visible()
    await expect(actions.get_by_role("button", name=f"Update {tagged}")).to_have_count(
        0
    )
    # The rollback overview now names this update.
    await expect(actions.get_by_role("button", name="Roll back")).to_be_visible()


async def test_batch_update_shows_live_progress_and_ends_on_the_new_versions(
    page: Page, world: World, lab_engine: LabEngine
):
    web, worker = world.names["web"], world.names["worker"]
    await open_updates(page)
    await page.get_by_role("checkbox", name=f"Select {web}").check()
    await page.get_by_role("checkbox", name=f"Select {worker}").check()
    await page.get_by_role("button", name="Update selected").click()
    dialog = page.get_by_role("dialog", name="Update 2 containers?")
    await expect(dialog).to_be_visible()
    await dialog.get_by_role("button", name="Update 2").click()

    # One stack, so one operation: the page goes straight to its progress.
    await expect(page).to_have_url(re.compile(r"/operations/[^/]+$"))
    seen = await watch_progress(page)
    assert any(v not in ("", "0", "100") for v in seen), (
        f"no progress shown between start and end: {seen}"
    )
    await expect(page.get_by_text("The operation completed.")).to_be_visible()
    members = page.get_by_role("table", name="Containers in this operation")
    for name, versions in ((web, "1.0.0 → 1.1.0"), (worker, "2.3.0 → 2.4.0")):
        member = members.get_by_role("row").filter(has_text=name)
        await expect(member).to_contain_text(versions)
        await expect(member).to_contain_text("complete")
    assert running_version(lab_engine, web) == "1.1.0"
    assert running_version(lab_engine, worker) == "2.4.0"
    # The members' status badges, whole on a phone too (they read "COMPLE…").
    await check_screen(page, "operation-batch")

    await page.get_by_role("link", name="Updates").click()
    for name, version in ((web, "1.1.0"), (worker, "2.4.0")):
        item = row(page, name)
        await expect(item.get_by_text("Up to date", exact=True)).to_be_visible()
        await expect(
            item.get_by_role("group", name=f"Version {version}")
        ).to_be_visible()


async def test_a_batch_over_two_stacks_is_followed_live_in_history(
    page: Page, world: World, lab_engine: LabEngine
):
    left, right = world.names["left"], world.names["right"]
    await open_updates(page)
    await page.get_by_role("checkbox", name=f"Select {left}").check()
    await page.get_by_role("checkbox", name=f"Select {right}").check()
    await page.get_by_role("button", name="Update selected").click()
    dialog = page.get_by_role("dialog", name="Update 2 containers?")
    await dialog.get_by_role("button", name="Update 2").click()

    # Two stacks, two operations: History shows the batch, and follows it to
    # the end without a reload (it kept the statuses of its first load).
    await expect(page).to_have_url(re.compile(r"/history\?batch=[^&]+$"))
    for name in (left, right):
        item = page.get_by_role("button", name=re.compile(f"^Batch update · {name}"))
        await expect(item).to_be_visible()
        await expect(item).to_contain_text(
            re.compile("complete", re.IGNORECASE), timeout=120_000
        )
    assert running_version(lab_engine, left) == "1.1.0"
    assert running_version(lab_engine, right) == "1.1.0"


async def test_failing_update_is_rolled_back_and_the_page_says_so(
    page: Page, world: World, lab_engine: LabEngine
):
    broken = world.names["broken"]
    await open_updates(page)
    await row(page, broken).get_by_role("button", name=f"Update {broken}").click()
    dialog = page.get_by_role("dialog", name=f"Update {broken}?")
    await expect(dialog).to_contain_text(
        f"Automatic rollback is on for {broken} (its label)"
    )
    await dialog.get_by_role("button", name="Update", exact=True).click()

    await expect(page).to_have_url(re.compile(r"/operations/[^/]+$"))
    alert = page.get_by_role("alert").filter(has_text="Failed and rolled back")
    await expect(alert).to_be_visible(timeout=120_000)
    await expect(alert).to_contain_text("health check")
    await expect(alert).to_contain_text("The previous version was restored.")
    assert running_version(lab_engine, broken) == "1.0.0"
    [info] = lab_engine.inspect(broken)
    assert info["State"]["Running"] is True


async def test_operation_page_keeps_its_state_across_a_reload(
    page: Page, world: World, lab_engine: LabEngine
):
    standalone = world.names["standalone"]
    await open_updates(page)
    await (
        row(page, standalone).get_by_role("button", name=f"Update {standalone}").click()
    )
    dialog = page.get_by_role("dialog", name=f"Update {standalone}?")
    await dialog.get_by_role("button", name="Update", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/operations/[^/]+$"))
    url = page.url

    # Mid-flight: the reloaded page picks the operation up from the query.
    await expect(
        page.get_by_role("progressbar", name="Operation progress")
    ).to_be_visible()
    await page.reload()
    await expect(
        page.get_by_role("heading", name=f"Update of {standalone}")
    ).to_be_visible()
    await expect(page.get_by_text("The operation completed.")).to_be_visible(
        timeout=120_000
    )
    log = page.get_by_role("region", name="Operation log").get_by_role("listitem")
    lines = await log.all_inner_texts()
    assert lines, "the finished operation shows no log"

    await page.reload()
    assert page.url == url
    await expect(page.get_by_text("The operation completed.")).to_be_visible()
    await expect(
        page.get_by_role("alert").filter(has_text=f"{standalone} now runs 1.0.0")
    ).to_be_visible()
    await expect(log.nth(len(lines) - 1)).to_be_visible()
    # Nothing lost or changed; a line the server appends meanwhile may follow.
    after = await log.all_inner_texts()
    assert after[: len(lines)] == lines, (lines, after)
    assert running_version(lab_engine, standalone) == "1.0.0"
    await check_screen(page, "operation")


async def test_updates_screen(page: Page):
    await open_updates(page)
    await check_screen(page, "updates")
