"""Command line for the Makefile and CI: ``python -m tests.lab COMMAND``.

``install``  apt-installs the Debian packages the lab needs (root only);
             ``--demo`` only those ``make demo`` uses.
``demo``     runs the demo world, and the server after ``--`` against it,
             until SIGINT/SIGTERM (see tests.lab.demo).
``check``    starts every part once, prints timings and tears down.
``image``    builds Docksmith's image offline in a private lab engine and
             saves it as a tarball for ``docker load`` (see tests.lab.dockimage).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tests.lab.packages import DEMO, REQUIRED, install_missing, missing
from tests.lab.procs import LabError


def _install(packages: tuple[str, ...]) -> int:
    done = install_missing(packages)
    print(
        f"installed: {' '.join(done)}"
        if done
        else f"already installed: {' '.join(packages)}"
    )
    return 0


def _check() -> int:
    from tests.lab.engine import LabEngine
    from tests.lab.images import ImageBuilder
    from tests.lab.postgres import LabPostgres
    from tests.lab.procs import short_tmpdir
    from tests.lab.registry import LabRegistry
    from tests.lab.stacks import StackFactory

    if gaps := missing():
        print(f"missing Debian packages: {' '.join(gaps)}")
        return 1
    with LabEngine() as engine, LabRegistry() as registry, LabPostgres() as pg:
        print(f"engine up in {engine.start_seconds:.2f}s at {engine.docker_host}")
        print(f"registry up in {registry.start_seconds:.2f}s at {registry.url}")
        print(f"postgres up in {pg.start_seconds:.2f}s at {pg.url}")
        began = time.monotonic()
        built = ImageBuilder(engine, registry).build_many(
            "check/app", [f"1.{i}.0" for i in range(10)]
        )
        per_tag = (time.monotonic() - began) / len(built)
        print(f"10 tags built and pushed, {per_tag:.2f}s per tag")
        stacks = StackFactory(engine, short_tmpdir("check"))
        try:
            stacks.up("check", {"app": {"image": built["1.0.0"].ref}})
            print(f"compose up in {stacks.up_seconds[0]:.2f}s")
        finally:
            stacks.close()
    return 0


def _image(tag: str, out: Path, suite: str) -> int:
    import time

    from tests.lab.dockimage import build_docksmith
    from tests.lab.engine import LabEngine

    began = time.monotonic()
    with LabEngine() as engine:
        built = build_docksmith(engine, tag, suite=suite)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        engine.docker("save", "-o", tmp, tag, timeout=600)
        tmp.replace(out)
    print(
        f"built {tag} ({built.image_id[:19]}, Debian {suite}, Python {built.python})"
        f" in {time.monotonic() - began:.0f}s; saved to {out}"
        f" (load it with: docker load -i {out})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.lab")
    sub = parser.add_subparsers(dest="command", required=True)
    install = sub.add_parser(
        "install", help="apt-get install the missing Debian packages"
    )
    install.add_argument(
        "--demo", action="store_true", help="only what `make demo` uses (no PostgreSQL)"
    )
    demo = sub.add_parser("demo", help="run the demo world until interrupted")
    demo.add_argument("--state-dir", type=Path, required=True)
    demo.add_argument(
        "server",
        nargs=argparse.REMAINDER,
        help="after --: the server command, run against the demo lab",
    )
    sub.add_parser("check", help="start every part once and print timings")
    image = sub.add_parser("image", help="build Docksmith's image offline")
    image.add_argument("--tag", default="docksmith:latest")
    image.add_argument("--out", type=Path, default=Path(".image/docksmith.tar"))
    image.add_argument("--suite", default="trixie")
    args = parser.parse_args(argv)
    try:
        if args.command == "install":
            return _install(DEMO if args.demo else REQUIRED)
        if args.command == "check":
            return _check()
        if args.command == "image":
            return _image(args.tag, args.out, args.suite)
        from tests.lab.demo import run_demo

        server = args.server[1:] if args.server[:1] == ["--"] else args.server
        return run_demo(args.state_dir, server)
    except LabError as exc:
        print(f"lab error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
