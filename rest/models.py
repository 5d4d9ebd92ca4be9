"""REST projections (`*Out`) and request bodies (`*Request`) in the seed's shapes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ServicesOut(_Out):
    docker: bool
    storage: bool


class HealthOut(_Out):
    status: str
    version: str
    services: ServicesOut
