"""Closed sets in REST path and query parameters: typed as the services'
enums (documented as them, handed to the resolvers as them), and a value
outside one refused in the services' words (`services.inputs.not_one_of`,
which GraphQL's enum refusals and the label rules use too), not a
validator's. Request bodies name theirs in `In.CLOSED` (rest/wire.py)."""

from __future__ import annotations

from typing import Annotated

from rest.api import Closed
from services.autoupdate.rules import AutoUpdateLevel
from services.updates.policy_entity import PolicyEntityType

EntityType = Annotated[PolicyEntityType, Closed(PolicyEntityType)]
Level = Annotated[AutoUpdateLevel, Closed(AutoUpdateLevel)]
