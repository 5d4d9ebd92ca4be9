from __future__ import annotations

from resolvers.context import AppContext
from services.metrics import Exposition, render


async def get_metrics(ctx: AppContext) -> Exposition:
    return render(ctx.metrics.registry)
