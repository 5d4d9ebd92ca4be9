"""The containers the browser tests look at, built once per session on the lab.

Every status of the seed appears at least once, and each test that changes
something has containers of its own, so tests do not depend on their order:

- stack `shop`: `web` and `worker` with updates (the batch update), `db` up
  to date, `cache` on `latest` (pinnable), `search` whose compose file names
  another tag than it runs (mismatch);
- stack `edge`: `broken` whose next version fails its health check (rolled
  back), `tagged` with an update, `gated` whose pre-update script says no,
  `relabel` that only the label-edit test changes (not in `statuses`: its
  status depends on whether that test ran);
- stack `misc`: an ignored service and one on a locally built image;
- a standalone container with an update;
- stack `pair`: `left`, and `right`, a standalone container, both with an
  update (a batch over two stacks, followed in History);
- an image no container uses (the explorer removes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.lab.fixtures import Lab
from tests.lab.images import Healthcheck

OCI_VERSION = "org.opencontainers.image.version"
# Generous timeout and retries: on a loaded machine a 1 s probe can time out,
# and a healthy container must never look broken.
HEALTHY = Healthcheck(test="test -f /VERSION", timeout="10s", retries=3)
BROKEN_HEALTH = Healthcheck(test="test -f /nonexistent")
BLOCK_SCRIPT = "#!/bin/sh\necho 'nightly backup is running: try after 04:00'\nexit 1\n"


@dataclass
class World:
    registry: str
    scripts_dir: Path
    # service or container name -> container name on the engine
    names: dict[str, str] = field(default_factory=dict)
    # service -> the status the Updates page must show first (GraphQL enum)
    statuses: dict[str, str] = field(default_factory=dict)
    unused_image: str = ""

    def ref(self, repo: str, tag: str) -> str:
        return f"{self.registry}/{repo}:{tag}"


def build_world(lab: Lab, scripts_dir: Path) -> World:
    images, registry = lab.images, lab.registry
    world = World(registry=registry.host, scripts_dir=scripts_dir)
    scripts_dir.mkdir(parents=True, exist_ok=True)
    gate = scripts_dir / "backup-gate.sh"
    gate.write_text(BLOCK_SCRIPT)
    gate.chmod(0o755)

    def push(repo: str, *tags: str, healthcheck: Healthcheck = HEALTHY) -> None:
        for tag in tags:
            images.build(repo, tag, labels={OCI_VERSION: tag}, healthcheck=healthcheck)

    push("ui/web", "1.0.0", "1.1.0")
    push("ui/worker", "2.3.0", "2.4.0")
    push("ui/db", "16.1.0")
    push("ui/search", "8.0.0", "8.1.0")
    push("ui/broken", "1.0.0")
    push("ui/broken", "1.1.0", healthcheck=BROKEN_HEALTH)
    push("ui/tagged", "3.0.0", "3.1.0")
    push("ui/gated", "5.0.0", "5.1.0")
    push("ui/ignored", "1.0.0", "1.1.0")
    push("ui/standalone", "0.9.0", "1.0.0")
    push("ui/left", "1.0.0", "1.1.0")
    push("ui/right", "1.0.0", "1.1.0")
    push("ui/cache", "7.2.4")
    # `latest` is the same manifest as 7.2.4, so 7.2.4 is the tag to pin.
    lab.engine.docker(
        "tag", world.ref("ui/cache", "7.2.4"), world.ref("ui/cache", "latest")
    )
    lab.engine.docker("push", world.ref("ui/cache", "latest"), timeout=120)
    local = images.build("ui/localonly", "0.1.0", push=False)
    unused = images.build("ui/unused", "1.0.0", push=False)
    world.unused_image = unused.ref

    shop = lab.stacks.up(
        "shop",
        {
            "web": {"image": world.ref("ui/web", "1.0.0")},
            "worker": {"image": world.ref("ui/worker", "2.3.0")},
            "db": {"image": world.ref("ui/db", "16.1.0")},
            "cache": {"image": world.ref("ui/cache", "latest")},
            "search": {"image": world.ref("ui/search", "8.0.0")},
        },
    )
    # The file now names 8.1.0 while 8.0.0 runs: a compose mismatch.
    shop.write_text(
        shop.read_text().replace(
            world.ref("ui/search", "8.0.0"), world.ref("ui/search", "8.1.0")
        )
    )
    edge = lab.stacks.up(
        "edge",
        {
            "broken": {
                "image": world.ref("ui/broken", "1.0.0"),
                "labels": {"docksmith.auto-rollback": "true"},
            },
            "tagged": {"image": world.ref("ui/tagged", "3.0.0")},
            "relabel": {"image": world.ref("ui/tagged", "3.0.0")},
            "gated": {
                "image": world.ref("ui/gated", "5.0.0"),
                "labels": {"docksmith.pre-update-check": str(gate)},
            },
        },
    )
    misc = lab.stacks.up(
        "misc",
        {
            "ignored": {
                "image": world.ref("ui/ignored", "1.0.0"),
                "labels": {"docksmith.ignore": "true"},
            },
            "local": {"image": local.ref},
        },
    )
    pair = lab.stacks.up("pair", {"left": {"image": world.ref("ui/left", "1.0.0")}})
    lab.engine.run_container("standalone", world.ref("ui/standalone", "0.9.0"))
    lab.engine.run_container("right", world.ref("ui/right", "1.0.0"))
    world.names["standalone"] = "standalone"
    world.names["right"] = "right"
    for stack in (shop, edge, misc, pair):
        for row in stack.ps():
            world.names[row.service] = row.name

    world.statuses.update(
        web="UPDATE_AVAILABLE",
        worker="UPDATE_AVAILABLE",
        db="UP_TO_DATE",
        cache="UP_TO_DATE_PINNABLE",
        search="COMPOSE_MISMATCH",
        broken="UPDATE_AVAILABLE",
        tagged="UPDATE_AVAILABLE",
        gated="UPDATE_AVAILABLE_BLOCKED",
        ignored="IGNORED",
        local="LOCAL_IMAGE",
        standalone="UPDATE_AVAILABLE",
        left="UPDATE_AVAILABLE",
        right="UPDATE_AVAILABLE",
    )
    return world
