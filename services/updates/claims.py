"""`ClaimRegistry`: which containers an operation holds, so nothing else
changes them meanwhile.

Every action that changes a container takes its claim first: updates,
rollbacks, fix-mismatch, label changes and restarts for as long as they are
queued or running; the direct container actions (stop, start, restart,
remove) for as long as their engine call lasts; and the containers an
operation restarts on another's behalf (`restart-after` dependants,
`post-update` restarts) for as long as that restart and its health gate
last. A claim is taken before the
first await, so two requests can never both pass the check. A container
holds its claim under every name an operation gives it along the way: its
own, the standalone swap's `<name>-docksmith-old`/`-new`, compose's
`<id>_<name>` while it recreates, and the new name compose v2 gives a
container v1 created (`follow`), until the operation releases its claims.

Claims are per Docker host: container identity is (host, name), so `web` on
one host and `web` on another are two claims (every method takes `host`,
the default host when left out).

A prune computes what it must spare from its host's claims, so while it runs
no new claim may be taken on that host (`exclusive`): what it spares cannot
change under it. Other hosts' claims are no input to it, so they go on.
This module holds state only; it never talks to Docker.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable, Iterator, Sequence

from services.docker.resources import operated_name as claimed_name
from services.errors import ConflictError
from services.hosts import DEFAULT_HOST

Key = tuple[str, str]


class ClaimRegistry:
    def __init__(self) -> None:
        self._holders: dict[Key, str] = {}
        # Prunes and removals running now (token -> (host, what)), see `exclusive`.
        self._exclusive: dict[str, tuple[str, str]] = {}
        # Names an owner took on along the way (`follow`), released with it.
        self._followed: dict[Key, set[str]] = {}

    def holder(self, name: str, host: str = DEFAULT_HOST) -> str | None:
        """Who holds `name` on `host` (or the container it is a temporary
        name of)."""
        return self._holders.get((host, name)) or self._holders.get(
            (host, claimed_name(name))
        )

    def holders(self, host: str = DEFAULT_HOST) -> dict[str, str]:
        """Every claimed container name of `host` and its holder, at this moment."""
        return {name: owner for (h, name), owner in self._holders.items() if h == host}

    def check(
        self,
        names: Iterable[str],
        owner: str | None = None,
        *,
        host: str = DEFAULT_HOST,
    ) -> None:
        """Refuse (409) containers someone else holds; `owner` may re-claim its own."""
        for name in names:
            held = self.holder(name, host)
            if held is not None and held == owner:
                continue
            if held is not None:
                where = "" if host == DEFAULT_HOST else f" on host {host}"
                raise ConflictError(
                    f"{name}{where} already has an operation queued or running ({held})"
                )
            what = next((w for h, w in self._exclusive.values() if h == host), None)
            if what is not None:
                where = "" if host == DEFAULT_HOST else f" on host {host}"
                raise ConflictError(
                    f"{what}{where} is running; try again when it has finished"
                )

    def take(
        self,
        names: Sequence[str],
        owner: str,
        *,
        replacing: str | None = None,
        host: str = DEFAULT_HOST,
    ) -> None:
        """Claim `names` on `host` for `owner`, taking over what `replacing` held."""
        self.check(names, replacing if replacing is not None else owner, host=host)
        for name in names:
            self._holders[(host, claimed_name(name))] = owner

    def adopt(
        self, names: Iterable[str], owner: str, *, host: str = DEFAULT_HOST
    ) -> None:
        """Record claims without checking: operations already accepted (the
        persisted queue at start-up) own their containers whatever else asks."""
        for name in names:
            self._holders[(host, claimed_name(name))] = owner

    def follow(
        self, name: str, new_name: str, owner: str, *, host: str = DEFAULT_HOST
    ) -> None:
        """The container `owner` holds as `name` is now called `new_name`
        (compose v2 renamed it): hold that name too, until `owner` releases
        its claims. Unchecked: the container is the one already held."""
        if self.holder(name, host) != owner:
            return
        self._holders[(host, claimed_name(new_name))] = owner
        self._followed.setdefault((host, owner), set()).add(claimed_name(new_name))

    def release(
        self, names: Iterable[str], owner: str, *, host: str = DEFAULT_HOST
    ) -> None:
        """Give back `names` and every name `owner` followed on `host`."""
        followed = self._followed.pop((host, owner), set())
        for name in [*names, *followed]:
            key = (host, claimed_name(name))
            if self._holders.get(key) == owner:
                del self._holders[key]

    @contextlib.contextmanager
    def held(
        self,
        names: Sequence[str],
        what: str,
        *,
        within: str | None = None,
        host: str = DEFAULT_HOST,
    ) -> Iterator[str]:
        """Hold `names` on `host` for one request or one short action across
        its awaits.

        `within` is the operation the action runs inside: what it already
        holds stays its own (taking it over would release it afterwards)."""
        token = f"({what} {secrets.token_hex(4)})"
        mine = [n for n in names if within is None or self.holder(n, host) != within]
        self.take(mine, token, host=host)
        try:
            yield token
        finally:
            self.release(mine, token, host=host)

    @contextlib.contextmanager
    def exclusive(self, what: str, *, host: str = DEFAULT_HOST) -> Iterator[None]:
        """No new claim on `host` while this runs (several may run at once);
        existing claims, and other hosts' new ones, carry on."""
        token = secrets.token_hex(4)
        self._exclusive[token] = (host, what)
        try:
            yield
        finally:
            del self._exclusive[token]
