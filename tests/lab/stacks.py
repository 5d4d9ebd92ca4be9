"""Compose stacks on the lab engine, written to disk and run by the real CLI.

A :class:`Stack` owns one folder holding a compose file whose exact text the
test controls (``Stack.text`` is byte-for-byte what was written), an optional
``.env`` and any extra files. ``up``/``down``/``ps`` call ``docker compose``
when the plugin exists, else Debian's ``docker-compose`` 1.29, always with the
lab engine's environment. Services default to ``network_mode: none``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.lab.engine import LabEngine
from tests.lab.procs import LabError, run, wait_until

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"


@cache
def compose_command(docker_cli: str) -> tuple[str, ...]:
    """``docker compose`` if the v2 plugin answers, else ``docker-compose``."""
    probe = run([docker_cli, "compose", "version"], timeout=20, check=False)
    if probe.returncode == 0:
        return (docker_cli, "compose")
    legacy = shutil.which("docker-compose")
    if legacy is None:
        raise LabError("no compose CLI (install docker-compose or the compose plugin)")
    return (legacy,)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """Block-style YAML in insertion order, 2-space indents."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(_plain(data), out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def with_network_none(services: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Every service gets ``network_mode: none`` unless it shares another's."""
    out: dict[str, Any] = {}
    for name, spec in services.items():
        spec = dict(spec)
        mode = spec.setdefault("network_mode", "none")
        if mode != "none" and not str(mode).startswith(("service:", "container:")):
            raise LabError(f"service {name}: lab stacks allow no network ({mode!r})")
        if "ports" in spec or "networks" in spec:
            raise LabError(f"service {name}: lab stacks publish no ports or networks")
        out[name] = spec
    return out


@dataclass(frozen=True, slots=True)
class StackContainer:
    id: str
    name: str
    service: str
    image: str
    state: str


class Stack:
    """One compose project in its own folder; create it with a StackFactory."""

    def __init__(
        self,
        engine: LabEngine,
        folder: Path,
        name: str,
        text: str,
        *,
        filename: str = "docker-compose.yml",
        env_file: Mapping[str, str] | None = None,
        extra_files: Mapping[str, str | bytes] | None = None,
    ) -> None:
        self.engine = engine
        self.name = name
        self.dir = folder
        self.compose_path = folder / filename
        self.env_path: Path | None = folder / ".env" if env_file is not None else None
        self.text = text
        folder.mkdir(parents=True, exist_ok=True)
        self.compose_path.write_text(text)
        if env_file is not None and self.env_path is not None:
            self.env_path.write_text("".join(f"{k}={v}\n" for k, v in env_file.items()))
        for rel, data in (extra_files or {}).items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data)

    def write_text(self, text: str) -> None:
        """Replace the compose file (and :attr:`text`) with exactly ``text``."""
        self.compose_path.write_text(text)
        self.text = text

    def read_text(self) -> str:
        """The compose file as it is on disk now (the product may edit it)."""
        return self.compose_path.read_text()

    def compose(
        self, *args: str, timeout: float = 120, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        base = compose_command(self.engine.cli)
        cmd = [
            *base,
            "--project-name",
            self.name,
            "--file",
            os.fspath(self.compose_path),
        ]
        if self.env_path is not None:
            cmd += ["--env-file", os.fspath(self.env_path)]
        return run(
            [*cmd, *args],
            env=self.engine.env,
            timeout=timeout,
            check=check,
            cwd=self.dir,
        )

    def up(self, *services: str, timeout: float = 120, wait: bool = True) -> None:
        """``up -d``; with ``wait`` return once every container is running."""
        self.compose(
            "up", "-d", "--no-color", "--quiet-pull", *services, timeout=timeout
        )
        if wait:
            wait_until(
                lambda: _all_running(self.ps()),
                timeout=timeout,
                what=f"stack {self.name} did not reach running",
                interval=0.1,
            )

    def down(self) -> None:
        """The project's containers and networks removed, as ``compose down``
        would leave it, through the Engine API: every test's clean-up, and
        the compose CLI here costs half a second of CPU per call (Debian's
        1.29 is Python) plus the stop timeout of a container that ignores
        SIGTERM. ``compose("down", ...)`` is there for a test of the CLI."""
        if not self.engine.ping():
            return
        self.engine.remove_labelled(f"{PROJECT_LABEL}={self.name}")

    def ps(self) -> list[StackContainer]:
        """Containers of this project, from the engine (not the CLI's view),
        newest first as ``docker ps`` lists them; one API call, no CLI (the
        waits poll this)."""
        return [
            StackContainer(
                id=row["Id"],
                name=(row.get("Names") or ["?"])[0].lstrip("/"),
                service=(row.get("Labels") or {}).get(SERVICE_LABEL, ""),
                image=row["Image"],
                state=row["State"],
            )
            for row in self.engine.labelled(
                "containers", f"{PROJECT_LABEL}={self.name}"
            )
        ]

    def container(self, service: str) -> StackContainer:
        for row in self.ps():
            if row.service == service:
                return row
        raise LabError(f"stack {self.name} has no container for service {service}")


def _all_running(rows: list[StackContainer]) -> bool:
    return bool(rows) and all(row.state == "running" for row in rows)


class StackFactory:
    """Creates stacks under one folder and downs every one of them on close."""

    def __init__(self, engine: LabEngine, root: Path) -> None:
        self.engine = engine
        self.root = root
        self.stacks: list[Stack] = []
        self.up_seconds: list[float] = []

    def create(
        self,
        name: str,
        services: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        compose_text: str | None = None,
        env_file: Mapping[str, str] | None = None,
        extra_files: Mapping[str, str | bytes] | None = None,
        filename: str = "docker-compose.yml",
        top_level: Mapping[str, Any] | None = None,
    ) -> Stack:
        """Write a stack; give ``services`` (dumped as YAML) or ``compose_text``.

        ``top_level`` adds keys such as ``version`` before ``services``.
        """
        if (services is None) == (compose_text is None):
            raise LabError("give exactly one of services or compose_text")
        if compose_text is None:
            assert services is not None
            doc = {**(top_level or {}), "services": with_network_none(services)}
            compose_text = dump_yaml(doc)
        stack = Stack(
            self.engine,
            self.root / name,
            name,
            compose_text,
            filename=filename,
            env_file=env_file,
            extra_files=extra_files,
        )
        self.stacks.append(stack)
        return stack

    def up(
        self, name: str, services: Mapping[str, Mapping[str, Any]], **kw: Any
    ) -> Stack:
        """``create`` then ``up``, timed into :attr:`up_seconds`."""
        stack = self.create(name, services, **kw)
        began = time.monotonic()
        stack.up()
        self.up_seconds.append(time.monotonic() - began)
        return stack

    def close(self) -> None:
        errors: list[str] = []
        for stack in reversed(self.stacks):
            try:
                stack.down()
            except LabError as exc:
                errors.append(str(exc))
            shutil.rmtree(stack.dir, ignore_errors=True)
        self.stacks.clear()
        shutil.rmtree(self.root, ignore_errors=True)
        if errors:
            raise LabError("; ".join(errors))
