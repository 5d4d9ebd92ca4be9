"""Every closed set the services accept from a client is refused in one
wording, `not_one_of`'s ("X must be one of A, B, not 'c'"), which GraphQL's
enums use too: naming the field, the choices and (a prefix of) the value."""

from __future__ import annotations

import pytest

from services.auth.tokens import parse_scope
from services.autoupdate.policies import policy_entity
from services.errors import InvalidInputError
from services.notify.channels import parse_change, parse_events
from services.updates.policy_entity import policy_entity_type


@pytest.mark.parametrize(
    ("refuse", "message"),
    [
        (
            lambda: parse_scope("root"),
            "scope must be one of read, operate, admin, not 'root'",
        ),
        (
            lambda: policy_entity_type("planet"),
            "entity_type must be one of global, stack, container, not 'planet'",
        ),
        (
            lambda: policy_entity("planet", ""),
            "entity_type must be one of global, stack, container, not 'planet'",
        ),
        (
            lambda: parse_change("huge"),
            "minChange must be one of digest, patch, minor, major, not 'huge'",
        ),
    ],
    ids=["scope", "rollback-policy", "auto-update-policy", "min-change"],
)
def test_a_value_outside_a_closed_set_is_refused_in_one_wording(refuse, message):
    with pytest.raises(InvalidInputError) as refused:
        refuse()
    assert refused.value.message == message


def test_an_unknown_event_names_the_events():
    with pytest.raises(InvalidInputError) as refused:
        parse_events(["updates_found", "meteor"])
    assert refused.value.message.startswith("events must be one of ")
    assert refused.value.message.endswith(", not 'meteor'")
