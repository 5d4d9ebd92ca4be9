"""`docksmith --help`, `--version` and `tags pick` start without the server
stack: they import none of the heavy packages (measured by bench/bench_cli.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from tests.lab.procs import free_port, wait_until
from tests.support.db import seed_migrated_sqlite

HEAVY = (
    "fastapi",
    "starlette",
    "strawberry",
    "graphql",
    "uvicorn",
    "tortoise",
    "docker",
    "httpx",
    "ruamel",
    "dotenv",
)


def _imported(args: list[str]) -> tuple[set[str], str]:
    code = (
        "import json, sys\n"
        "args = json.loads(sys.argv[1])\n"
        "sys.argv = ['docksmith', *args]\n"
        "from rest.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    modules = set(json.loads(result.stderr.strip().splitlines()[-1]))
    return modules, result.stdout


@pytest.mark.parametrize(
    ("args", "expected", "heavy"),
    [
        (["--version"], "docksmith ", {*HEAVY, "rich"}),
        # Typer formats help with rich: that one is worth it.
        (["--help"], "Usage", set(HEAVY)),
        (
            ["tags", "pick", "--current", "1.0.0", "1.0.1", "1.1.0"],
            "1.1.0",
            {*HEAVY, "rich"},
        ),
    ],
    ids=["version", "help", "tags-pick"],
)
def test_command_starts_without_the_server_stack(args, expected, heavy):
    modules, out = _imported(args)
    assert expected in out
    assert sorted(heavy & modules) == []


def test_the_probe_sees_the_server_stack_when_it_is_imported():
    # `check --help` stays light too, but importing rest.app must show up.
    modules, _ = _imported(["check", "--help"])
    assert "starlette" not in modules
    code = "import sys, rest.app; print('starlette' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == "True"


# What a server of one local engine with no channel configured never uses
# (peak RSS, bench/bench_checks.py; bench/bench_import_floor.py prints what
# each costs): the SDK's SSH stack is for SSH hosts, RE2 for
# `docksmith.tag-regex` labels, Apprise for notification channels; httpx's
# command line never; psutil until a process is spawned or a previous run's
# survivors are looked for; croniter until AUTO_UPDATE_SCHEDULE is set;
# FastAPI never (the REST routes are plain Starlette, rest/api.py), nor
# pydantic (Tortoise's JSON fields would store pydantic models; none are,
# services/store/__init__.py); requests'
# charset detector never (services/docker/__init__.py); prometheus_client
# until /metrics is scraped; pwdlib, argon2 and cffi until a password is
# hashed or checked (services/auth/passwords.py); authlib and joserfc until
# OIDC sign-in is configured and used (services/auth/oidc.py, and the module
# itself: resolvers/context.py imports it then); difflib until a compose file
# is edited (services/compose/files.py); asyncpg on
# SQLite; Tortoise's migration executor and the migrations once they are
# applied (services/store/database.py; the child that applies them is
# services/store/migrate.py).
SERVER_LEAVES_OUT = (
    "paramiko",
    "cryptography",
    "invoke",
    "nacl",
    "bcrypt",
    "re2",
    "apprise",
    "rich",
    "pygments",
    "psutil",
    "croniter",
    "fastapi",
    "pydantic",
    "charset_normalizer",
    "prometheus_client",
    "pwdlib",
    "argon2",
    "_cffi_backend",
    "authlib",
    "joserfc",
    "services.auth.oidc",
    "difflib",
    "asyncpg",
    "tortoise.migrations",
    "services.store.migrations.0001_initial",
)


def test_the_server_imports_no_stack_it_does_not_use(tmp_path):
    # What `docksmith serve` imports, builds and runs: the app through its
    # lifespan, with the requests of a first look at the UI answered (a route
    # reads its handler's signature when a request first reaches it).
    code = (
        "import json, sys, warnings, rest.app, rest.cli.serve, uvicorn\n"
        "from services.config import Settings\n"
        "warnings.simplefilter('ignore')\n"
        "from starlette.testclient import TestClient\n"
        "app = rest.app.create_app(Settings())\n"
        "with TestClient(app, base_url='http://127.0.0.1') as client:\n"
        "    for path in ('/api/status', '/api/operations', '/api/openapi.json'):\n"
        "        assert client.get(path).status_code == 200, path\n"
        "    query = {'query': '{ containers { name } }'}\n"
        "    assert client.post('/graphql', json=query).status_code == 200\n"
        "    assert client.post('/api/update', json={}).status_code == 400\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "AUTH"))}
    # Migrated, as `docksmith serve`'s child leaves it before the app starts.
    seed_migrated_sqlite(tmp_path / "db")
    env.update(
        DB_PATH=str(tmp_path / "db"),
        HOST="127.0.0.1",
        DOCKER_HOST=f"unix://{tmp_path}/no-engine.sock",
        CHECK_INTERVAL="24h",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    names = set(json.loads(result.stdout.strip().splitlines()[-1]))
    modules = names | {name.split(".")[0] for name in names}
    assert "docker" in modules
    assert sorted(modules & set(SERVER_LEAVES_OUT)) == []


def test_docksmith_serve_starts_the_server_without_typer(tmp_path):
    # The image's CMD and `make run`: settings from the environment only.
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "AUTH"))}
    env.update(
        DB_PATH=str(tmp_path / "db"),
        HOST="127.0.0.1",
        PORT=str(port),
        DOCKER_HOST=f"unix://{tmp_path}/no-engine.sock",
        CHECK_INTERVAL="24h",
        LOG_LEVEL="WARNING",
    )
    with (tmp_path / "imports.log").open("w+") as imports:
        server = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-c", "from rest.cli import main; main()", "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=imports,
        )  # fmt: skip
        try:
            wait_until(
                lambda: _answers(f"http://127.0.0.1:{port}/api/health"),
                timeout=120,
                what="docksmith serve",
                alive=lambda: server.poll() is None,
            )
        finally:
            server.terminate()
            server.wait(timeout=60)
        imports.seek(0)
        imported = {
            line.split("|")[-1].strip().split(".")[0]
            for line in imports
            if line.startswith("import time:")
        }
    assert {"starlette", "uvicorn", "strawberry"} <= imported  # the probe sees
    # uvloop: the server runs on asyncio's own loop (rest/server.py).
    assert sorted(imported & {"typer", "rich", "uvloop"}) == []


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False
