"""``sro rules training --as-of YYYY-MM-DD FILE``: the stable command around the rule."""

import gc
import io
import json
from pathlib import Path
from typing import Any

import pytest

from sro.rules.params import RULES_VERSION
from sro.rules.training_cli import main

from .builders import WORKED_EXPECTED

WORKED_INPUT: dict[str, Any] = {
    "officers": [
        {
            "id": "A",
            "assignments": [{"role": "sro", "start": "2024-08-20"}],
            "completions": [{"course": "nasro_basic", "completed_on": "2019-06-10"}],
            "policy_reviews": [{"reviewed_on": "2024-08-15", "policy_version": "2024-11"}],
        },
        {
            "id": "B",
            "assignments": [
                {
                    "role": "sro",
                    "start": "2026-08-31",
                    "end": None,
                    "employer_could_not_provide_training": True,
                }
            ],
            "completions": [],
            "policy_reviews": [{"reviewed_on": "2026-08-25", "policy_version": "2024-11"}],
        },
        {
            "id": "C",
            "assignments": [{"role": "sro", "start": "2025-10-01"}],
            "completions": [
                {"course": "required", "completed_on": "2025-09-15", "certificate_on_file": True}
            ],
            "policy_reviews": [{"reviewed_on": "2025-09-20", "policy_version": "2024-11"}],
        },
        {
            "id": "D",
            "assignments": [{"role": "substitute", "start": "2026-09-01"}],
            "policy_reviews": [{"reviewed_on": "2026-08-30", "policy_version": "2024-11"}],
            "student_contact_days": {"2026-27": 41},
        },
        {
            "id": "E",
            "assignments": [{"role": "sro", "start": "2026-09-08"}],
            "policy_reviews": [{"reviewed_on": "2026-09-01", "policy_version": "2024-11"}],
        },
    ]
}


def run(argv: list[str], stdin_text: str = "") -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, io.StringIO(stdin_text), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def run_json(document: object, as_of: str = "2026-11-28") -> tuple[int, str, str]:
    return run(["--as-of", as_of, "-"], json.dumps(document))


# --- Good input ------------------------------------------------------------------------------


def test_the_five_worked_examples_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "officers.json"
    path.write_text(json.dumps(WORKED_INPUT), encoding="utf-8")
    code, out, err = run(["--as-of", "2026-11-28", str(path)])
    assert (code, err) == (0, "")
    output = json.loads(out)
    assert output["as_of"] == "2026-11-28"
    assert output["rules_version"] == RULES_VERSION
    assert list(output) == ["as_of", "rules_version", "officers"]
    assert [o["id"] for o in output["officers"]] == ["A", "B", "C", "D", "E"]
    for entry in output["officers"]:
        reasons = entry.pop("reasons")
        officer_id = entry.pop("id")
        assert entry == WORKED_EXPECTED[officer_id]
        assert all(list(r) == ["code", "message", "citation"] for r in reasons)


def test_the_worked_examples_through_stdin_give_the_same_document(tmp_path: Path) -> None:
    path = tmp_path / "officers.json"
    path.write_text(json.dumps(WORKED_INPUT), encoding="utf-8")
    assert run_json(WORKED_INPUT) == run(["--as-of", "2026-11-28", str(path)])


def test_an_officer_entry_has_exactly_the_documented_shape() -> None:
    code, out, _ = run_json({"officers": [WORKED_INPUT["officers"][1]]})
    entry = json.loads(out)["officers"][0]
    assert code == 0
    assert list(entry) == [
        "id",
        "status",
        "may_serve",
        "restricted_clauses",
        "training_due",
        "refresher_due",
        "policy_review",
        "certificate",
        "reasons",
    ]
    assert entry["restricted_clauses"] == [4, 5]
    assert entry["reasons"][0]["citation"] == "Minn. Stat. 626.8482, subd. 3(c)"


def test_an_officer_with_only_an_id_is_not_assigned() -> None:
    code, out, _ = run_json({"officers": [{"id": "Z"}]})
    assert code == 0
    assert json.loads(out)["officers"][0]["status"] == "not_assigned"


def test_no_officers_gives_an_empty_list() -> None:
    code, out, _ = run_json({"officers": []})
    assert code == 0
    assert json.loads(out)["officers"] == []


def test_the_garbage_collector_settings_are_restored() -> None:
    before = gc.get_threshold()
    run_json(WORKED_INPUT)
    run_json({"officers": [{}]})
    assert gc.get_threshold() == before


def test_help_goes_to_stdout() -> None:
    code, out, err = run(["--help"])
    assert (code, err) == (0, "")
    assert "--as-of" in out


# --- Bad input: exit 2, nothing on stdout, the officer and field named on stderr ---------------


def officer(**fields: Any) -> dict[str, Any]:
    return {"id": "B", **fields}


def sro(**fields: Any) -> dict[str, Any]:
    return {"role": "sro", "start": "2026-08-31", **fields}


BAD_DOCUMENTS = [
    pytest.param([], "input: expected an object", id="the input is not an object"),
    pytest.param({}, "input: expected an object", id="the input has no officers list"),
    pytest.param({"officers": {}}, "input: expected an object", id="officers is not a list"),
    pytest.param(
        {"officers": [], "extra": 1},
        "input: extra: unknown field",
        id="the input has an unknown field",
    ),
    pytest.param(
        {"officers": [7]},
        "officer #0: expected an object, got a number",
        id="an officer is not an object",
    ),
    pytest.param({"officers": [{}]}, "officer #0: id: missing", id="an officer has no id"),
    pytest.param(
        {"officers": [{"id": ""}]},
        'officer #0: id: expected a non-empty string, got ""',
        id="an officer's id is empty",
    ),
    pytest.param(
        {"officers": [{"id": 12}]},
        "officer #0: id: expected a non-empty string, got 12",
        id="an officer's id is a number",
    ),
    pytest.param(
        {"officers": [officer(), {"id": "C"}, officer()]},
        'officer "B": id: officer #2 has the same id as officer #0',
        id="two officers share an id",
    ),
    pytest.param(
        {"officers": [officer(assignments=5), officer()]},
        'officer "B": id: officer #1 has the same id as officer #0',
        id="two officers share an id even when the first has other problems",
    ),
    pytest.param(
        {"officers": [officer(name="Bee")]},
        'officer "B": name: unknown field',
        id="an officer has an unknown field",
    ),
    pytest.param(
        {"officers": [officer(assignments={})]},
        'officer "B": assignments: expected an array, got an object',
        id="assignments is not a list",
    ),
    pytest.param(
        {"officers": [officer(assignments=None)]},
        'officer "B": assignments: expected an array, got null',
        id="assignments is null",
    ),
    pytest.param(
        {"officers": [officer(assignments=["sro"])]},
        'officer "B": assignments[0]: expected an object, got a string',
        id="an assignment is not an object",
    ),
    pytest.param(
        {"officers": [officer(assignments=[sro(role="chief")])]},
        'officer "B": assignments[0].role: "chief" is not one of sro, substitute',
        id="an assignment has an unknown role",
    ),
    pytest.param(
        {"officers": [officer(assignments=[{"role": "sro"}])]},
        'officer "B": assignments[0].start: missing',
        id="an assignment has no start",
    ),
    pytest.param(
        {"officers": [officer(assignments=[sro(start="2026-02-30")])]},
        'officer "B": assignments[0].start: 2026-02-30 is not a real date',
        id="an assignment starts on an impossible date",
    ),
    pytest.param(
        {"officers": [officer(assignments=[sro(start="20260831")])]},
        'officer "B": assignments[0].start: expected a date as YYYY-MM-DD, got "20260831"',
        id="a date not written YYYY-MM-DD",
    ),
    pytest.param(
        {"officers": [officer(assignments=[sro(start=None)])]},
        'officer "B": assignments[0].start: expected a date as YYYY-MM-DD, got null',
        id="a start that is null",
    ),
    pytest.param(
        {"officers": [officer(assignments=[sro(end="2026-01-01")])]},
        'officer "B": assignments[0].end: 2026-01-01 is before start 2026-08-31',
        id="an assignment ends before it starts",
    ),
    pytest.param(
        {
            "officers": [
                officer(assignments=[sro(), sro(employer_could_not_provide_training="yes")])
            ]
        },
        'officer "B": assignments[1].employer_could_not_provide_training: expected true '
        'or false, got "yes"',
        id="the employer-unavailable flag is not true or false",
    ),
    pytest.param(
        {"officers": [officer(completions=[{"course": "basic", "completed_on": "2019-06-10"}])]},
        'officer "B": completions[0].course: "basic" is not one of required, '
        "supplemental, refresher, ssc_basic, nasro_basic",
        id="a completion names an unknown course",
    ),
    pytest.param(
        {"officers": [officer(completions=[{"course": "required"}])]},
        'officer "B": completions[0].completed_on: missing',
        id="a completion has no date",
    ),
    pytest.param(
        {
            "officers": [
                officer(
                    completions=[
                        {
                            "course": "required",
                            "completed_on": "2025-09-15",
                            "certificate_on_file": 1,
                        }
                    ]
                )
            ]
        },
        'officer "B": completions[0].certificate_on_file: expected true or false, got 1',
        id="the certificate flag is not true or false",
    ),
    pytest.param(
        {
            "officers": [
                officer(policy_reviews=[{"reviewed_on": "2026-08-25", "policy_version": ""}])
            ]
        },
        'officer "B": policy_reviews[0].policy_version: expected a non-empty string',
        id="a policy review has no version",
    ),
    pytest.param(
        {
            "officers": [
                officer(
                    policy_reviews=[
                        {"reviewed_on": "2026-08-25", "policy_version": "2024-11", "by": "x"}
                    ]
                )
            ]
        },
        'officer "B": policy_reviews[0].by: unknown field',
        id="a policy review has an unknown field",
    ),
    pytest.param(
        {"officers": [officer(student_contact_days=[41])]},
        'officer "B": student_contact_days: expected an object, got an array',
        id="contact days are not an object",
    ),
    pytest.param(
        {"officers": [officer(student_contact_days={"2026-28": 41})]},
        'officer "B": student_contact_days["2026-28"]: not a school year',
        id="contact days name a bad school year",
    ),
    pytest.param(
        {"officers": [officer(student_contact_days={"2026-27": 41.5})]},
        'officer "B": student_contact_days["2026-27"]: expected a whole number of days, got 41.5',
        id="contact days are not a whole number",
    ),
    pytest.param(
        {"officers": [officer(student_contact_days={"2026-27": -1})]},
        'officer "B": student_contact_days["2026-27"]: expected a whole number',
        id="contact days are negative",
    ),
    pytest.param(
        {"officers": [officer(student_contact_days={"2026-27": True})]},
        'officer "B": student_contact_days["2026-27"]: expected a whole number',
        id="contact days are true",
    ),
    pytest.param(
        {"officers": [officer(student_contact_days={"2026-27": "41"})]},
        'officer "B": student_contact_days["2026-27"]: expected a whole number',
        id="contact days are a string",
    ),
]


@pytest.mark.parametrize(("document", "expected"), BAD_DOCUMENTS)
def test_bad_input_is_refused(document: object, expected: str) -> None:
    code, out, err = run_json(document)
    assert (code, out) == (2, "")
    assert expected in err


def test_every_problem_of_every_officer_is_reported_and_nothing_is_printed() -> None:
    document = {
        "officers": [
            WORKED_INPUT["officers"][0],
            officer(assignments=[sro(end="2026-01-01"), sro(role="chief")]),
            {"id": "Q", "completions": [{"course": "required", "completed_on": "2026-13-01"}]},
            WORKED_INPUT["officers"][4],
        ]
    }
    code, out, err = run_json(document)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        'officer "B": assignments[0].end: 2026-01-01 is before start 2026-08-31',
        'officer "B": assignments[1].role: "chief" is not one of sro, substitute',
        'officer "Q": completions[0].completed_on: 2026-13-01 is not a real date',
    ]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(
            ["--as-of", "2026-02-30", "-"],
            "2026-02-30 is not a real date",
            id="an impossible as-of date",
        ),
        pytest.param(
            ["--as-of", "today", "-"],
            "expected a date as YYYY-MM-DD",
            id="an as-of that is not a date",
        ),
        pytest.param(["-"], "--as-of", id="no as-of date"),
        pytest.param(["--as-of", "2026-11-28"], "FILE", id="no file"),
    ],
)
def test_bad_arguments_are_refused(argv: list[str], expected: str) -> None:
    code, out, err = run(argv, json.dumps(WORKED_INPUT))
    assert (code, out) == (2, "")
    assert expected in err


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    code, out, err = run(["--as-of", "2026-11-28", str(missing)])
    assert (code, out) == (2, "")
    assert f"error: cannot read {missing}" in err


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"officers": [{"id": "\xe9"}]}')
    code, out, err = run(["--as-of", "2026-11-28", str(path)])
    assert (code, out) == (2, "")
    assert "cannot read" in err


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"officers": [', id="input cut short is not JSON"),
        pytest.param("", id="empty input is not JSON"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="input nested too deep is refused"),
    ],
)
def test_input_that_is_not_json_is_refused(text: str) -> None:
    code, out, err = run(["--as-of", "2026-11-28", "-"], text)
    assert (code, out) == (2, "")
    assert "error: standard input is not valid JSON" in err


def test_twenty_five_thousand_officers_in_one_run() -> None:
    """A statewide roster in one call: every officer gets a verdict. How fast is measured by
    bench/training_rules.py, not here (a timed assertion fails on a busy machine)."""
    officers = [
        {**WORKED_INPUT["officers"][index % 5], "id": f"officer-{index}"} for index in range(25_000)
    ]
    code, out, _ = run(["--as-of", "2026-11-28", "-"], json.dumps({"officers": officers}))
    assert code == 0
    verdicts = json.loads(out)["officers"]
    assert len(verdicts) == 25_000
    assert {v["id"] for v in verdicts} == {f"officer-{index}" for index in range(25_000)}
