"""Docksmith's image deployed in the lab from the documented compose file.

``deploy/compose.yaml`` is read as shipped and changed only where the lab
differs from a host: the image name, the socket's and the stacks folder's
paths, and the network (the lab engine has no bridge, so the container
shares the host's network and listens on a free loopback port instead of
publishing one). The socket keeps root:docker 0660 and the stacks folder
belongs to uid 1000, as on a host, so the non-root user and ``group_add``
are exercised too.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from ruamel.yaml import YAML

from services.auth.passwords import Passwords
from tests.lab.engine import LabEngine
from tests.lab.procs import LabError, free_port, wait_until

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "compose.yaml"
IMAGE_UID = 1000
# The example signs in `admin` with ADMIN_PASSWORD_HASH from .env.
ADMIN_PASSWORD = "lab admin password"
# The new Docksmith must start inside its container before the timeout: at
# load 20 on two cores that took over 30 s (ci10). A broken version turns
# unhealthy on its own health check long before, so a wide timeout costs the
# tests nothing.
FAST_HEALTH = {
    "entity_type": "global",
    "health_timeout_seconds": 120,
    "stability_window_seconds": 1,
}


def lab_compose_text(
    *, image: str, socket: Path, stacks: Path, port: int, health_interval: str = "1s"
) -> str:
    """The example with the lab's substitutions (see the module docstring)."""
    text = EXAMPLE.read_text()
    for old, new in (
        ("image: docksmith:latest", f"image: {image}"),
        ("- /var/run/docker.sock:", f"- {socket}:"),
        ("- /srv/stacks:/srv/stacks", f"- {stacks}:{stacks}"),
    ):
        if old not in text:
            raise LabError(f"{EXAMPLE} no longer holds {old!r}")
        text = text.replace(old, new)
    yaml = YAML()
    doc: Any = yaml.load(text)
    service = doc["services"]["docksmith"]
    del service["ports"]
    service["network_mode"] = "host"
    # Loopback only: with the host's network, the image's 0.0.0.0 would
    # listen on every interface of the machine.
    # The example's own settings (its sign-in) stay.
    service["environment"].update({"HOST": "127.0.0.1", "PORT": str(port)})
    service["healthcheck"] = {"interval": health_interval, "retries": 3}
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def image_compose(
    engine: LabEngine,
    image: str,
    folder: Path,
    project: str,
    *args: str,
    mounts: tuple[Path, ...] = (),
    timeout: float = 180,
    check: bool = True,
) -> str:
    """``docker compose`` (v2, from the image) on ``folder``'s compose.yaml.

    The host's compose is Debian's 1.29, whose container names
    (``app_web_1``) v2 does not keep on recreate; hosts that run this image
    use v2, so the stacks of these tests are v2's from the start.
    """
    volumes = [f"{engine.socket_path}:/var/run/docker.sock"]
    volumes += [f"{m}:{m}" for m in (folder, *mounts)]
    cli: list[str] = ["run", "--rm", "--network", "none", "--user", "0"]
    for volume in volumes:
        cli += ["-v", volume]
    out = engine.docker(
        *cli, "-w", os.fspath(folder), "--entrypoint", "docker", image,
        "compose", "--project-name", project, "--file", "compose.yaml", *args,
        timeout=timeout, check=check,
    )  # fmt: skip
    return out.stdout + out.stderr


@dataclass
class Deployment:
    """One Docksmith container of a compose project in the lab."""

    engine: LabEngine
    image: str
    folder: Path
    project: str
    port: int

    @property
    def compose_path(self) -> Path:
        return self.folder / "compose.yaml"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def compose(self, *args: str, timeout: float = 180) -> str:
        return image_compose(
            self.engine, self.image, self.folder, self.project, *args,
            timeout=timeout,
        )  # fmt: skip

    def container_id(self) -> str:
        out = self.engine.docker(
            "ps", "-q", "--no-trunc",
            "--filter", f"label=com.docker.compose.project={self.project}",
            "--filter", "label=com.docker.compose.service=docksmith",
        )  # fmt: skip
        ids = out.stdout.split()
        if len(ids) != 1:
            raise LabError(f"expected one running Docksmith, found {ids}")
        return ids[0]

    def health(self, container: str | None = None) -> str:
        state = self.engine.inspect(container or self.container_id())[0]["State"]
        return str(state.get("Health", {}).get("Status", state["Status"]))

    def wait_healthy(self, timeout: float = 180) -> None:
        wait_until(
            lambda: self._healthy_now(),
            timeout=timeout,
            what=f"Docksmith ({self.project}) did not become healthy: " + self.logs(),
            interval=0.5,
        )

    def _healthy_now(self) -> bool:
        try:
            return self.health() == "healthy"
        except LabError:
            return False

    def logs(self, lines: int = 40) -> str:
        try:
            cid = self.container_id()
        except LabError as exc:
            return str(exc)
        out = self.engine.docker("logs", "--tail", str(lines), cid, check=False)
        return out.stdout + out.stderr

    def client(self) -> httpx.Client:
        """Signed in as the example's admin, with the session's CSRF token."""
        # Returned unopened: the callers open it with `with`.
        with httpx.Client(base_url=self.url, timeout=60) as login:
            response = login.post(
                "/api/auth/login", json={"name": "admin", "password": ADMIN_PASSWORD}
            )
            if response.status_code != 200:
                raise LabError(f"cannot sign in to {self.project}: {response.text}")
            cookies = httpx.Cookies(login.cookies)
        return httpx.Client(
            base_url=self.url,
            timeout=60,
            cookies=cookies,
            headers={"X-CSRF-Token": response.json()["data"]["csrf_token"]},
        )

    def down(self) -> None:
        if self.engine.ping():
            self.compose("down", "--volumes", "--timeout", "5", timeout=120)


class StandaloneDeployment(Deployment):
    """Docksmith run with ``docker run`` (no compose), as ``project``, with
    the compose example's settings as command-line options."""

    def container_id(self) -> str:
        out = self.engine.docker(
            "ps", "-q", "--no-trunc", "--filter", f"name=^{self.project}$"
        )  # fmt: skip
        ids = out.stdout.split()
        if len(ids) != 1:
            raise LabError(f"expected one running {self.project}, found {ids}")
        return ids[0]

    def down(self) -> None:
        if self.engine.ping():
            self.engine.docker("rm", "-f", "-v", self.project, check=False)
            self.engine.docker("volume", "rm", f"{self.project}-data", check=False)


def run_standalone(
    engine: LabEngine, *, image: str, name: str = "docksmith-solo"
) -> StandaloneDeployment:
    """``docker run`` Docksmith with the socket and a named /data volume."""
    port = free_port()
    socket = engine.socket_path
    # Signed in like the compose example (client() signs in as its admin).
    admin = Passwords().hash(ADMIN_PASSWORD)
    engine.docker(
        "run", "-d", "--name", name, "--network", "host",
        "--group-add", str(socket.stat().st_gid),
        "-v", f"{socket}:/var/run/docker.sock", "-v", f"{name}-data:/data",
        "-e", "HOST=127.0.0.1", "-e", f"PORT={port}",
        "-e", f"ADMIN_PASSWORD_HASH={admin}",
        "--health-interval", "1s", "--health-retries", "3",
        image, timeout=120,
    )  # fmt: skip
    deployment = StandaloneDeployment(engine, image, Path("/nonexistent"), name, port)
    deployment.wait_healthy()
    with deployment.client() as client:
        response = client.put("/api/policies", json=FAST_HEALTH)
        assert response.status_code == 200, response.text
    return deployment


def deploy(
    engine: LabEngine,
    *,
    image: str,
    stacks: Path,
    project: str = "docksmith",
    env: Mapping[str, str] | None = None,
) -> Deployment:
    """Write the example into ``stacks/<project>/`` and bring it up healthy.

    Docksmith's own folder sits inside the mounted stacks folder, as
    docs/deploy.md recommends, so it can run compose on itself.
    """
    port = free_port()
    folder = stacks / project
    folder.mkdir(parents=True, exist_ok=True)
    socket = engine.socket_path
    (folder / "compose.yaml").write_text(
        lab_compose_text(image=image, socket=socket, stacks=stacks, port=port)
    )
    gid = socket.stat().st_gid
    # Single quotes: compose reads the hash's $ signs literally (as the
    # example's step 3 writes it).
    admin = Passwords().hash(ADMIN_PASSWORD)
    lines = {
        "DOCKER_GID": str(gid),
        "ADMIN_PASSWORD_HASH": f"'{admin}'",
        **dict(env or {}),
    }
    (folder / ".env").write_text("".join(f"{k}={v}\n" for k, v in lines.items()))
    give_to_image_user(stacks)
    deployment = Deployment(engine, image, folder, project, port)
    deployment.compose("up", "-d")
    deployment.wait_healthy()
    with deployment.client() as client:
        response = client.put("/api/policies", json=FAST_HEALTH)
        assert response.status_code == 200, response.text
    return deployment


def give_to_image_user(path: Path) -> None:
    """Stacks belong to the host user the image's uid stands for."""
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.chown(Path(root) / name, IMAGE_UID, IMAGE_UID)
    os.chown(path, IMAGE_UID, IMAGE_UID)


def wait_operation(
    client: httpx.Client, operation_id: str, timeout: float = 180
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            body = client.get(f"/api/operations/{operation_id}").json()
        except httpx.TransportError:
            body = {}  # Docksmith itself is being replaced
        op: dict[str, Any] | None = body.get("data")
        if op is not None and op["status"] in ("complete", "failed", "rolled_back"):
            return op
        time.sleep(0.5)
    raise AssertionError(f"operation {operation_id} did not finish in {timeout}s")


def dumps(op: dict[str, Any]) -> str:
    """What went wrong in an operation: its error and its log."""
    lines = [f"{op.get('status')} at {op.get('stage')}: {op.get('error_message')}"]
    lines += [f"  {e['level']}: {e['message']}" for e in op.get("log") or []]
    return "\n".join(lines) + "\n"
