"""REST compatibility layer: one module per area of the seed's API."""

from rest.routes import (
    autoupdate,
    checks,
    containers,
    events,
    explorer,
    health,
    hosts,
    labels,
    notifications,
    operations,
    prune,
    registry,
    restarts,
    scripts,
    updates,
)

ROUTERS = [
    health.router,
    events.router,
    operations.router,
    scripts.router,
    registry.router,
    checks.router,
    updates.router,
    labels.router,
    restarts.router,
    explorer.router,
    containers.router,
    prune.router,
    hosts.router,
    autoupdate.router,
    notifications.router,
]
