"""`docksmith tags pick` through Typer's test runner."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from rest.cli.tags_pick import pick


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    # A throwaway app shaped like the real one: docksmith tags pick.
    root = typer.Typer()
    tags_app = typer.Typer()
    tags_app.command("pick")(pick)
    root.add_typer(tags_app, name="tags")
    return root


@pytest.fixture
def run(app):
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(app, ["tags", "pick", *args], input=stdin)

    return invoke


def test_prints_the_chosen_tag_alone(run):
    result = run(
        "--current",
        "1.25.3-alpine",
        "1.25.3",
        "1.25.4-alpine3.19",
        "1.26.0-alpine",
        "mainline",
    )
    assert result.exit_code == 0
    assert result.stdout == "1.26.0-alpine\n"
    assert result.stderr == ""


def test_no_update_prints_nothing(run):
    result = run("--current", "v3.40.3", "v3.40.2", "1243", "latest")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_labels_apply(run):
    args = ["--current", "7.2", "7.2.4", "7.4", "7.4.0", "8.0.0"]
    assert run(*args).stdout == "8.0.0\n"
    assert run(*args, "--label", "docksmith.version-pin-major=true").stdout == "7.4\n"
    assert (
        run(*args, "-l", "version-pin-minor=yes").stdout == "7.2.4\n"
    )  # short label form


def test_reads_candidates_from_stdin(run):
    result = run(
        "--current",
        "16.1-alpine3.18",
        stdin="16.2\n\n16.2-alpine3.19\n# comment\nlatest\n",
    )
    assert result.exit_code == 0
    assert result.stdout == "16.2-alpine3.19\n"


def test_json_prints_the_whole_decision(run):
    result = run(
        "--current", "v3.0.0-beta1", "--json", "v3.0.0-beta2", "v3.0.0-rc1", "v2.11.0"
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["current"]["version"] == "3.0.0-beta1"
    assert data["chosen"]["tag"] == "v3.0.0-rc1"
    assert data["change_type"] == "prerelease"
    assert data["outcome"] == "update"
    assert data["reason"]
    assert {r["tag"]: r["reason"] for r in data["rejected"]} == {
        "v3.0.0-beta2": "superseded",
        "v2.11.0": "not-newer",
    }


def test_json_when_there_is_no_update(run):
    result = run("--current", "latest", "--json", "1.0.0")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["chosen"] is None
    assert data["outcome"] == "floating-current"
    assert data["pin_suggestion"] == "1.0.0"


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("docksmith.allow-prerelease=maybe", "docksmith.allow-prerelease"),
        ("docksmith.tag-regex=(a)\\1", "docksmith.tag-regex"),
        ("docksmith.version-max=banana", "docksmith.version-max"),
        ("no-equals-sign", "KEY=VALUE"),
    ],
)
def test_bad_input_exits_2_with_a_message_on_stderr(run, label, message):
    result = run("--current", "1.0.0", "--label", label, "1.0.1")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
