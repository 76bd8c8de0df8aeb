"""Small builders so that scenario tables read like the sentences of the rule."""

from datetime import date

from sro.rules.training import Assignment, Completion, Course, OfficerFacts, PolicyReview

Record = Assignment | Completion | PolicyReview


def d(text: str) -> date:
    """A date from its ISO form."""
    return date.fromisoformat(text)


def sro(start: str, end: str | None = None, *, unavailable: bool = False) -> Assignment:
    """An SRO assignment; ``unavailable``: the employer could not provide the course."""
    return Assignment("sro", d(start), None if end is None else d(end), unavailable)


def substitute(start: str, end: str | None = None, *, unavailable: bool = False) -> Assignment:
    """A substitute SRO assignment."""
    return Assignment("substitute", d(start), None if end is None else d(end), unavailable)


def course(name: Course, on: str, *, certificate: bool = True) -> Completion:
    """A completed course, by default with its certificate on file."""
    return Completion(name, d(on), certificate)


def review(on: str, version: str = "2024-11") -> PolicyReview:
    """A review of a version of the department's SRO policy."""
    return PolicyReview(d(on), version)


def officer(*records: Record, days: dict[str, int] | None = None, id: str = "X") -> OfficerFacts:
    """An officer's facts from a mix of assignments, completions and policy reviews."""
    return OfficerFacts(
        id=id,
        assignments=tuple(r for r in records if isinstance(r, Assignment)),
        completions=tuple(r for r in records if isinstance(r, Completion)),
        policy_reviews=tuple(r for r in records if isinstance(r, PolicyReview)),
        student_contact_days=days or {},
    )


# The five worked examples of domain/training.md, as of 2026-11-28.
WORKED_AS_OF = "2026-11-28"
OFFICER_A = officer(
    sro("2024-08-20"), course("nasro_basic", "2019-06-10"), review("2024-08-15"), id="A"
)
OFFICER_B = officer(sro("2026-08-31", unavailable=True), review("2026-08-25"), id="B")
OFFICER_C = officer(
    sro("2025-10-01"), course("required", "2025-09-15"), review("2025-09-20"), id="C"
)
OFFICER_D = officer(substitute("2026-09-01"), review("2026-08-30"), days={"2026-27": 41}, id="D")
OFFICER_E = officer(sro("2026-09-08"), review("2026-09-01"), id="E")

WORKED_EXPECTED = {
    "A": {
        "status": "transition",
        "may_serve": True,
        "restricted_clauses": [],
        "training_due": "2027-05-31",
        "refresher_due": None,
        "policy_review": "ok",
        "certificate": "not_applicable",
    },
    "B": {
        "status": "grace_period",
        "may_serve": True,
        "restricted_clauses": [4, 5],
        "training_due": "2027-02-28",
        "refresher_due": None,
        "policy_review": "ok",
        "certificate": "not_applicable",
    },
    "C": {
        "status": "compliant",
        "may_serve": True,
        "restricted_clauses": [],
        "training_due": None,
        "refresher_due": "2028-09-15",
        "policy_review": "ok",
        "certificate": "ok",
    },
    "D": {
        "status": "substitute_exempt",
        "may_serve": True,
        "restricted_clauses": [4, 5],
        "training_due": None,
        "refresher_due": None,
        "policy_review": "ok",
        "certificate": "not_applicable",
    },
    "E": {
        "status": "training_required",
        "may_serve": False,
        "restricted_clauses": [],
        "training_due": "2026-09-08",
        "refresher_due": None,
        "policy_review": "ok",
        "certificate": "not_applicable",
    },
}
WORKED_OFFICERS = (OFFICER_A, OFFICER_B, OFFICER_C, OFFICER_D, OFFICER_E)
