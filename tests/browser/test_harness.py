"""The harness can fail: the network guard catches a request to another
host, axe-core reports an unlabelled control, the overflow check sees a
page wider than 375 px, the badge check sees a badge cut off."""

from __future__ import annotations

from tests.browser.harness import (
    PHONE,
    axe_violations,
    cut_badges,
    overflowing,
    settle,
)

OTHER_HOST = "http://127.0.0.2:9/font.woff2"  # loopback, but not the server


async def test_guard_catches_requests_to_other_hosts(page, guard):
    await page.goto("/")
    await page.evaluate(f"fetch('{OTHER_HOST}').catch(() => null)")
    await page.evaluate(
        "() => new Promise(r => { const s = new WebSocket('ws://127.0.0.2:9/x');"
        " s.onerror = s.onclose = () => r(null); })"
    )
    assert OTHER_HOST in guard.foreign
    assert "ws://127.0.0.2:9/x" in guard.foreign
    guard.foreign.clear()  # the teardown check must not fail this test


async def test_axe_reports_unlabelled_controls(page):
    await page.set_content(
        '<html lang="en"><title>t</title><main>'
        '<button></button><input type="text"><img src="data:,">'
        "</main></html>"
    )
    found = {v["id"] for v in await axe_violations(page)}
    assert {"button-name", "image-alt"} <= found, found


async def test_overflow_check_sees_a_wide_page(page):
    await page.set_viewport_size(PHONE)
    await page.set_content('<html lang="en"><body><div style="width:600px">x</div>')
    await settle(page)
    assert await overflowing(page)
    await page.set_content('<html lang="en"><body><div style="width:300px">x</div>')
    await settle(page)
    assert await overflowing(page) == []


async def test_badge_check_sees_a_badge_cut_off(page):
    # Styled as Mantine styles a badge's label: one line, ellipsis past its box.
    label = (
        '<span class="mantine-Badge-label" style="display:block;width:{}px;'
        'overflow:hidden;white-space:nowrap;text-overflow:ellipsis">COMPLETE</span>'
    )
    await page.set_content(f'<html lang="en"><body>{label.format(40)}')
    await settle(page)
    [found] = await cut_badges(page)
    assert found.startswith('"COMPLETE" 40/'), found
    await page.set_content(f'<html lang="en"><body>{label.format(200)}')
    await settle(page)
    assert await cut_badges(page) == []
