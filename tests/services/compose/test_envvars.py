from __future__ import annotations

from pathlib import Path

import pytest

from services.compose.envvars import (
    Environment,
    Text,
    Variable,
    parse_dotenv,
    parse_dotenv_text,
    parse_template,
)
from services.compose.errors import ComposeSyntaxError, InterpolationError


@pytest.mark.parametrize(
    ("raw", "env", "expected"),
    [
        ("nginx:${TAG}", {"TAG": "1.25"}, "nginx:1.25"),
        ("nginx:$TAG", {"TAG": "1.25"}, "nginx:1.25"),
        ("$REG/app", {"REG": "r:5000"}, "r:5000/app"),
        ("${TAG:-1.0}", {}, "1.0"),
        ("${TAG:-1.0}", {"TAG": ""}, "1.0"),
        ("${TAG-1.0}", {"TAG": ""}, ""),
        ("${TAG-1.0}", {}, "1.0"),
        ("${TAG:+alt}", {"TAG": "x"}, "alt"),
        ("${TAG:+alt}", {"TAG": ""}, ""),
        ("${TAG+alt}", {"TAG": ""}, "alt"),
        ("${UNSET}", {}, ""),
        ("price$$list", {}, "price$list"),
        ("$${NOT}", {}, "${NOT}"),
        ("${A:-${B:-deep}}", {}, "deep"),
        ("${A:-${B}}", {"B": "b"}, "b"),
        ("a$B.c", {"B": "x"}, "ax.c"),
    ],
)
def test_interpolation(raw: str, env: dict[str, str], expected: str) -> None:
    assert Environment(env).interpolate(raw) == expected


@pytest.mark.parametrize(
    ("raw", "env", "message"),
    [
        ("${TAG:?tag is required}", {}, "tag is required"),
        ("${TAG:?tag is required}", {"TAG": ""}, "tag is required"),
        ("${TAG?}", {}, "required variable is missing a value"),
    ],
)
def test_required_variables_raise(raw: str, env: dict[str, str], message: str) -> None:
    with pytest.raises(InterpolationError, match=message):
        Environment(env).interpolate(raw)


def test_question_mark_without_colon_accepts_empty() -> None:
    assert Environment({"TAG": ""}).interpolate("x${TAG?must be set}") == "x"


@pytest.mark.parametrize("raw", ["${", "${TAG", "$-x", "${1BAD}", "${TAG!x}", "a$"])
def test_invalid_templates_raise(raw: str) -> None:
    with pytest.raises(InterpolationError, match="invalid interpolation format"):
        parse_template(raw)


def test_parse_template_records_offsets() -> None:
    segs = parse_template("img:${TAG:-1.0}$$x")
    assert segs == [
        Text(0, 4, "img:"),
        Variable(4, 15, "TAG", ":-", "1.0", 11),
        Text(15, 17, "$"),
        Text(17, 18, "x"),
    ]


def test_process_environment_wins_over_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TAG=from-file\nOTHER=file\n")
    dotenv = parse_dotenv(tmp_path / ".env")
    assert dotenv is not None
    env = Environment({"TAG": "from-process"}, [dotenv])
    assert env.interpolate("${TAG}/${OTHER}") == "from-process/file"
    assert env.lookup("TAG") == ("from-process", None)
    found = env.lookup("OTHER")
    assert found is not None
    assert found[1] is not None
    assert found[1].line == 2


def test_resolution_reports_sources(tmp_path: Path) -> None:
    dotenv = parse_dotenv_text("REPO=nginx\n", tmp_path / ".env")
    env = Environment({"P": "x"}, [dotenv])
    res = env.resolve("${REPO}:${TAG:-1.0}$P")
    assert res.value == "nginx:1.0x"
    assert [(p.source, p.start, p.end) for p in res.pieces] == [
        ("dotenv", 0, 5),
        ("literal", 5, 6),
        ("argument", 6, 9),
        ("process", 9, 10),
    ]
    assert res.variables == ("REPO", "TAG", "P")


DOTENV = """\
# comment line
   # indented comment

export APP="ghcr.io/a/b:1.0"  # trailing comment
SINGLE='no $NOT expansion'
DOUBLE="tab\\there \\"q\\""
PLAIN=value with spaces   # comment
HASH=abc#notacomment
EMPTY=
REF=${PLAIN}-x
QREF="${APP}"
NOEQUALS
CRLF=yes\r
"""


def test_dotenv_parsing_follows_compose(tmp_path: Path) -> None:
    dotenv = parse_dotenv_text(DOTENV, tmp_path / ".env")
    values = {k: e.value for k, e in dotenv.entries.items()}
    assert values == {
        "APP": "ghcr.io/a/b:1.0",
        "SINGLE": "no $NOT expansion",
        "DOUBLE": 'tab\there "q"',
        "PLAIN": "value with spaces",
        "HASH": "abc#notacomment",
        "EMPTY": "",
        "REF": "value with spaces-x",
        "QREF": "ghcr.io/a/b:1.0",
        "CRLF": "yes",
    }
    app = dotenv.entries["APP"]
    assert (app.quote, app.line, app.verbatim) == ('"', 4, True)
    assert DOTENV[app.value_start : app.value_end] == "ghcr.io/a/b:1.0"
    assert dotenv.entries["REF"].verbatim is False
    assert dotenv.entries["DOUBLE"].verbatim is False


def test_dotenv_missing_file_is_none(tmp_path: Path) -> None:
    assert parse_dotenv(tmp_path / ".env") is None


def test_dotenv_unterminated_quote_names_line(tmp_path: Path) -> None:
    with pytest.raises(ComposeSyntaxError, match=r"\.env:2: unterminated quote"):
        parse_dotenv_text('A=1\nB="open\n', tmp_path / ".env")
