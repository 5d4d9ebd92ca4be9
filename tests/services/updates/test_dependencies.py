from __future__ import annotations

import pytest

from services.errors import InvalidInputError
from services.updates.dependencies import Node, dependents_of, levels, update_order


def test_depends_on_orders_prerequisites_first():
    nodes = [
        Node("web_app_1", service="app", stack="web", depends_on=("db", "cache")),
        Node("web_db_1", service="db", stack="web"),
        Node("web_cache_1", service="cache", stack="web", depends_on=("db",)),
    ]
    assert update_order(nodes) == ["web_db_1", "web_cache_1", "web_app_1"]
    assert levels(nodes) == [["web_db_1"], ["web_cache_1"], ["web_app_1"]]


def test_network_mode_and_restart_after_are_edges():
    nodes = [
        Node("qbit", service="qbit", stack="media", network_mode="service:vpn"),
        Node("sonarr", labels={"docksmith.restart-after": "vpn, qbit"}),
        Node("vpn", service="vpn", stack="media"),
        Node("other", network_mode="container:vpn"),
    ]
    order = update_order(nodes)
    assert order.index("vpn") < order.index("qbit") < order.index("sonarr")
    assert order.index("vpn") < order.index("other")
    assert sorted(dependents_of("vpn", nodes)) == ["sonarr"]


def test_edges_to_containers_outside_the_set_are_ignored():
    nodes = [Node("app", service="app", stack="web", depends_on=("db",))]
    assert update_order(nodes) == ["app"]


def test_same_service_name_in_another_stack_is_not_a_dependency():
    nodes = [
        Node("a_app_1", service="app", stack="a", depends_on=("db",)),
        Node("b_db_1", service="db", stack="b"),
    ]
    assert update_order(nodes) == ["a_app_1", "b_db_1"]


def test_a_cycle_is_an_input_error_naming_it():
    nodes = [
        Node("a", labels={"docksmith.restart-after": "b"}),
        Node("b", labels={"docksmith.restart-after": "c"}),
        Node("c", labels={"docksmith.restart-after": "a"}),
        Node("d"),
    ]
    with pytest.raises(
        InvalidInputError, match=r"dependency cycle: .*a.*b.*c|dependency cycle"
    ):
        update_order(nodes)
    with pytest.raises(InvalidInputError) as caught:
        update_order(nodes)
    assert all(name in caught.value.message for name in ("a", "b", "c"))
    assert " d" not in caught.value.message.split("(")[0]
