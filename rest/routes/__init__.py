"""REST compatibility layer: one module per area of the seed's API."""

from rest.routes import events, health, operations, registry, scripts

ROUTERS = [
    health.router,
    events.router,
    operations.router,
    scripts.router,
    registry.router,
]
