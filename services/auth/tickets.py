"""Short-lived, single-use tickets for EventSource, which cannot send a
header: a long-lived token in a URL would end up in access logs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from services.auth.principal import Principal
from services.auth.secrets import digest, new_secret

TICKET_TTL = timedelta(seconds=60)
MAX_TICKETS = 10_000


class TicketBook:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self._tickets: dict[str, tuple[Principal, datetime]] = {}

    def issue(self, principal: Principal) -> tuple[str, datetime]:
        self._drop_expired()
        if len(self._tickets) >= MAX_TICKETS:
            self._tickets.pop(next(iter(self._tickets)))
        ticket = new_secret("dst_")
        expires_at = self.clock() + TICKET_TTL
        self._tickets[digest(ticket)] = (principal, expires_at)
        return ticket, expires_at

    def redeem(self, ticket: str) -> Principal | None:
        found = self._tickets.pop(digest(ticket), None)
        if found is None or found[1] <= self.clock():
            return None
        return found[0]

    def _drop_expired(self) -> None:
        now = self.clock()
        for key in [k for k, (_, exp) in self._tickets.items() if exp <= now]:
            del self._tickets[key]
