from __future__ import annotations

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.metrics import Exposition


# Container names, images and hosts are in the families: a read token
# (Prometheus: `authorization: {credentials_file: ...}`) like the rest.
@requires(Scope.READ)
async def get_metrics(ctx: AppContext) -> Exposition:
    return ctx.metrics.render()
