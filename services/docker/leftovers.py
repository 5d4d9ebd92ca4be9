"""Crash recovery for a standalone swap that never finished.

A swap goes: create ``<name>-docksmith-new`` -> stop the old container ->
rename it ``<name>-docksmith-old`` -> rename the new one ``<name>`` -> start
it -> health -> remove the old one. If Docksmith dies in between, the names
tell how far it got. Decision table (N = ``<name>``, O = ``-docksmith-old``,
W = ``-docksmith-new``):

====  ====  ====  ==========================================================
 N     O     W    action
====  ====  ====  ==========================================================
 -     -     -    nothing to do
 yes   -     yes  died before the renames: remove W; start N if we stopped it
 -     yes   any  died after moving the old one aside: remove W, rename O
                  back to N and start it (if W still exists, only when O
                  stopped after W was created, i.e. it was running before)
 yes   yes   any  died after the new one took the name: remove W; if N runs
                  and is neither restarting nor unhealthy, keep it and remove
                  O; otherwise remove N, rename O back and start it if we
                  stopped it
 -     -     yes  the only copy left: rename W to N (not started)
====  ====  ====  ==========================================================

"We stopped it" is read from the timestamps: the old container finished
after the new one was created, which only the swap itself does.

A stop the swap had asked for goes on in the engine after Docksmith died
(for up to the container's stop timeout), so while W exists and N still
runs, the table is read only once that stop has had time to finish:
otherwise N would be judged running and stop right after. Whether a new
container that took the name is kept is for `judge` to say (the health
gate, when the caller has one), not an instant look.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.docker.calls import SdkCalls
from services.docker.copies import ContainerCopy, wait_until_stopped
from services.docker.swap import NEW_SUFFIX, OLD_SUFFIX
from services.frozen import frozen

# Says whether a new container that took the name may stay (its id given).
Judge = Callable[[str], Awaitable[bool]]
_STOP_SLACK_SECONDS = 5.0


class LeftoverAction(StrEnum):
    NOTHING = "nothing"
    REMOVED_NEW = "removed-new"
    RESTORED_OLD = "restored-old"
    KEPT_NEW = "kept-new"
    ADOPTED_NEW = "adopted-new"


@frozen
class LeftoverOutcome:
    action: LeftoverAction
    message: str


async def restore(
    calls: SdkCalls, name: str, judge: Judge | None = None
) -> LeftoverOutcome:
    current = await calls.container_attrs(name)
    old = await calls.container_attrs(f"{name}{OLD_SUFFIX}")
    new = await calls.container_attrs(f"{name}{NEW_SUFFIX}")
    stopping = new is not None and old is None and current is not None
    if stopping and current and (current.get("State") or {}).get("Running"):
        stop = ContainerCopy.from_attrs(current, name).stop_seconds
        await wait_until_stopped(calls, str(current["Id"]), stop + _STOP_SLACK_SECONDS)
        current = await calls.container_attrs(name)
    if new is not None and (current is not None or old is not None):
        await calls.remove(str(new["Id"]), anonymous_volumes=True)
    if current is None and old is None:
        if new is None:
            return LeftoverOutcome(LeftoverAction.NOTHING, f"no leftovers for {name}")
        await calls.rename(str(new["Id"]), name)
        return LeftoverOutcome(
            LeftoverAction.ADOPTED_NEW,
            f"renamed {name}{NEW_SUFFIX} to {name} (the only copy left; not started)",
        )
    if old is None:
        assert current is not None  # noqa: S101 - narrowed by the branches above
        started = await _start_if_stopped_by_swap(calls, current, new)
        if new is None:
            return LeftoverOutcome(LeftoverAction.NOTHING, f"no leftovers for {name}")
        return LeftoverOutcome(
            LeftoverAction.REMOVED_NEW,
            f"removed the unfinished {name}{NEW_SUFFIX}" + started,
        )
    if current is None:
        return await _put_back(calls, name, old, new)
    keep = _healthy_enough(current)
    if keep and judge is not None:
        keep = await judge(str(current["Id"]))
    if keep:
        await calls.remove(str(old["Id"]), anonymous_volumes=False)
        return LeftoverOutcome(
            LeftoverAction.KEPT_NEW,
            f"{name} runs the new image; removed {name}{OLD_SUFFIX}",
        )
    await calls.remove(str(current["Id"]), anonymous_volumes=True)
    return await _put_back(calls, name, old, current)


async def _put_back(
    calls: SdkCalls, name: str, old: dict[str, Any], new: dict[str, Any] | None
) -> LeftoverOutcome:
    await calls.rename(str(old["Id"]), name)
    started = await _start_if_stopped_by_swap(calls, old, new)
    return LeftoverOutcome(
        LeftoverAction.RESTORED_OLD,
        f"renamed {name}{OLD_SUFFIX} back to {name}" + started,
    )


async def _start_if_stopped_by_swap(
    calls: SdkCalls, old: dict[str, Any], new: dict[str, Any] | None
) -> str:
    state = old.get("State") or {}
    if state.get("Running"):
        return ""
    finished = _time(state.get("FinishedAt"))
    created = _time(new.get("Created")) if new is not None else None
    if new is not None and (finished is None or created is None or finished < created):
        return ""
    await calls.start(str(old["Id"]))
    return " and started it"


def _healthy_enough(attrs: dict[str, Any]) -> bool:
    state = attrs.get("State") or {}
    health = (state.get("Health") or {}).get("Status")
    return (
        bool(state.get("Running"))
        and not state.get("Restarting")
        and health != "unhealthy"
    )


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or value.startswith("0001-"):
        return None
    # RFC 3339 with nanoseconds; fromisoformat takes at most microseconds.
    head, _, rest = value.rstrip("Z").partition(".")
    fraction = rest[:6] if rest else "0"
    try:
        return datetime.fromisoformat(f"{head}.{fraction.ljust(6, '0')}+00:00")
    except ValueError:
        return None
