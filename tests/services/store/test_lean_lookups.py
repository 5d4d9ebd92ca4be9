"""Each model's lookups are made per field as queries use them
(services/store/lean_filters.py), and are the ones Tortoise would make."""

from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys

import pytest
from tortoise.exceptions import FieldError
from tortoise.models import Model

from services.store import Store, models
from services.store.lean_filters import FieldLookups

MODELS = [
    m
    for m in vars(models).values()
    if isinstance(m, type) and issubclass(m, Model) and m is not Model
]


def _tortoise_own(model: type[Model]) -> dict:
    """The lookups Tortoise's model class makes for the same fields."""
    attrs: dict = {name: copy.copy(f) for name, f in model._meta.fields_map.items()}
    attrs["Meta"] = type("Meta", (), {"abstract": True})
    attrs["__module__"] = __name__
    clone = type(model)(f"{model.__name__}Own", (Model,), attrs)
    return dict(clone._meta._filters)


def _comparable(info) -> dict:
    # PostgreSQL's override is a new partial per call.
    op = info["operator"]
    if isinstance(op, functools.partial):
        op = (op.func, op.args, sorted(op.keywords.items()))
    return {**info, "operator": op}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
async def test_every_lookup_is_the_one_tortoise_makes(store: Store, model):
    own = _tortoise_own(model)
    table = model._meta.filters
    assert isinstance(table, FieldLookups)
    with store.active():
        override = model._meta.db.executor_class.get_overridden_filter_func
        for key, info in own.items():
            expected = dict(info)
            expected["operator"] = override(info["operator"], info) or info["operator"]
            assert _comparable(model._meta.get_filter(key)) == _comparable(expected), (
                key
            )
    # And nothing more: every made key is one of Tortoise's.
    assert set(dict.keys(table)) <= set(own)


async def test_an_unknown_lookup_is_refused_as_before(store: Store):
    with store.active():
        with pytest.raises(FieldError, match="no_such_field"):
            await models.Operation.filter(no_such_field=1).count()
        assert "status__nope" not in models.Operation._meta.filters
        assert models.Operation._meta.filters.get("status__nope") is None


# A fresh process: opens a migrated store, runs one query by `status`, and
# prints the fields whose lookups were made.
QUERY = (
    "import asyncio, json, sys\n"
    "from services.store import Store\n"
    "from services.store.models import Operation\n"
    "async def main():\n"
    "    store = Store(sys.argv[1])\n"
    "    await store.open()\n"
    "    with store.active():\n"
    "        await Operation.filter(status='complete').count()\n"
    "    await store.close()\n"
    "asyncio.run(main())\n"
    "made = {k.split('__')[0] for k in dict.keys(Operation._meta.filters)}\n"
    "print(json.dumps(sorted(made)))\n"
)


def test_only_the_lookups_a_query_uses_are_made(tmp_path):
    from tests.support.db import seed_migrated_sqlite

    seed_migrated_sqlite(tmp_path / "db")
    done = subprocess.run(
        [sys.executable, "-c", QUERY, f"sqlite://{tmp_path}/db"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["status"]
