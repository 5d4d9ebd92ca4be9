"""Closed sets in REST requests: typed as the services' enums (documented as
them, handed to the resolvers as them), and a value outside one refused in
the services' words (`services.inputs.not_one_of`, which GraphQL's enum
refusals and the label rules use too), not the validator's "Input should
be ...". `rest/errors.py` answers the refusal as it is."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from services.autoupdate.rules import AutoUpdateLevel
from services.errors import InvalidInputError
from services.inputs import member_of
from services.updates.policy_entity import PolicyEntityType

# The validation error type of such a refusal.
NOT_ONE_OF = "not_one_of"


def refused_as(choices: type[StrEnum], name: str) -> BeforeValidator:
    """For `Annotated[SomeEnum, refused_as(SomeEnum, "field")]`."""

    def parse(value: object) -> StrEnum:
        try:
            return member_of(name, choices, value)
        except InvalidInputError as refused:
            raise PydanticCustomError(
                NOT_ONE_OF, "{message}", {"message": refused.message}
            ) from None

    return BeforeValidator(parse)


EntityType = Annotated[PolicyEntityType, refused_as(PolicyEntityType, "entity_type")]
Level = Annotated[AutoUpdateLevel, refused_as(AutoUpdateLevel, "level")]
