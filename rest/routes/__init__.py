"""REST compatibility layer: one module per area of the seed's API."""

from rest.routes import events, health

ROUTERS = [health.router, events.router]
