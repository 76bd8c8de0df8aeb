"""The numbers and dates the law sets: named, cited, dated, and never literals in the logic."""

import ast
from datetime import date
from pathlib import Path

import pytest

import sro.rules
from sro.rules import params
from sro.rules.params import RULES, RULES_VERSION

RULES_DIR = Path(sro.rules.__file__).parent


@pytest.mark.parametrize(
    ("name", "value", "citation"),
    [
        pytest.param(
            "requirement_start",
            date(2025, 9, 1),
            "Minn. Stat. 626.8482, subd. 3(a)",
            id="the requirement starts 2025-09-01 under subd. 3(a)",
        ),
        pytest.param(
            "basic_course_cutoff",
            date(2025, 8, 31),
            "Minn. Stat. 626.8482, subd. 3(b)",
            id="a basic course counts if completed by 2025-08-31 under subd. 3(b)",
        ),
        pytest.param(
            "transition_deadline",
            date(2027, 5, 31),
            "Minn. Stat. 626.8482, subd. 3(b)",
            id="transition officers finish on or before 2027-05-31 under subd. 3(b)",
        ),
        pytest.param(
            "grace_period_months",
            6,
            "Minn. Stat. 626.8482, subd. 3(c)",
            id="the grace period is 6 months under subd. 3(c)",
        ),
        pytest.param(
            "substitute_contact_day_limit",
            60,
            "Minn. Stat. 626.8482, subd. 3; Model policy G.4",
            id="substitutes are exempt under 60 contact days under subd. 3 and G.4",
        ),
        pytest.param(
            "refresher_interval_years",
            3,
            "Model policy G.5",
            id="a refresher is due every 3 years under G.5",
        ),
        pytest.param(
            "school_year_start",
            params.MonthDay(7, 1),
            "Department setting (school year July 1 to June 30)",
            id="the school year starts July 1, a setting",
        ),
    ],
)
def test_parameter(name: str, value: object, citation: str) -> None:
    parameter = getattr(RULES, name)
    assert parameter.name == name
    assert parameter.value == value
    assert parameter.citation == citation
    assert parameter.effective_from == date(2025, 9, 1)
    assert parameter.effective_to is None
    assert parameter.note


def test_the_rules_version_is_named_dated_and_gathers_every_parameter() -> None:
    assert RULES.name == RULES_VERSION == "mn-626.8482-2025.1"
    assert RULES.effective_from == date(2025, 9, 1)
    names = [p.name for p in RULES.parameters()]
    assert len(names) == len(set(names)) == 7
    assert all(getattr(RULES, name).name == name for name in names)


def _sources() -> list[Path]:
    return sorted(RULES_DIR.glob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
def test_rules_import_no_django_and_read_no_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {
        "argparse",
        "calendar",
        "collections",
        "contextlib",
        "dataclasses",
        "datetime",
        "enum",
        "fractions",
        "gc",
        "json",
        "operator",
        "re",
        "sro",
        "types",
        "typing",
        "",
    }
    called = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not called & {"today", "now", "utcnow", "time"}


@pytest.mark.parametrize("module", ["training.py", "dates.py"])
def test_the_logic_holds_no_legal_dates_or_numbers(module: str) -> None:
    tree = ast.parse((RULES_DIR / module).read_text(encoding="utf-8"))
    numbers = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and type(node.value) is int
    }
    # 0 and 1 are arithmetic; 4 and 5 name the restricted clauses; 12 and 100 are the calendar.
    assert numbers <= {0, 1, 4, 5, 12, 100}
    literal_dates = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "date"
        and all(isinstance(arg, ast.Constant) for arg in node.args)
    ]
    assert literal_dates == []
