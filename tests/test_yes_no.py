"""Every yes/no on a page shows yes or no. Django's `yesno` filter split its one argument on
commas, so the assignment page showed "subd. 3(c))" where it meant "No"; `{% yes_no %}` keeps
each answer whole."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse

from sro.roster.models import Assignment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TAG = re.compile(r"\{% yes_no ([\w.]+)((?: \"[^\"]*\"){0,2}) %\}")
PLACES = sorted(
    (path.relative_to(TEMPLATES).as_posix(), match.group(0), match.group(2))
    for path in TEMPLATES.rglob("*.html")
    for match in TAG.finditer(path.read_text(encoding="utf-8"))
)
CITATION = "Yes (Minn. Stat. 626.8482, subd. 3(c))"


def test_no_template_uses_the_comma_splitting_yesno_filter() -> None:
    found = [
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if "|yesno" in path.read_text(encoding="utf-8")
    ]
    assert found == []
    assert PLACES, "the yes/no places were not found"


@pytest.mark.parametrize(("template", "tag", "answers"), PLACES, ids=[p[0] for p in PLACES])
def test_each_yes_no_place_shows_its_whole_answer(template: str, tag: str, answers: str) -> None:
    """Each place's tag, given a value and answers with commas in them (a citation), renders
    the whole answer for true and for false."""
    texts = re.findall(r"\"([^\"]*)\"", answers) or ["Yes", "No"]
    yes, no = (texts + ["No"])[:2]
    expression = TAG.match(tag).group(1)  # type: ignore[union-attr]
    # The same tag, with a citation containing commas given as each answer.
    with_commas = f'{{% load yes_no %}}{{% yes_no {expression} "{CITATION}" "No, {CITATION}" %}}'
    context: dict[str, Any] = {}
    for truth in (True, False, None):
        holder: Any = truth
        for part in reversed(expression.split(".")):
            holder = {part: holder}
        context = holder
        rendered = Template("{% load yes_no %}" + tag).render(Context(context))
        assert rendered == (yes if truth else no)
        rendered = Template(with_commas).render(Context(context))
        assert rendered == (CITATION if truth else f"No, {CITATION}")


def test_the_assignment_page_says_no_and_yes_with_the_citation(demo: Any, clients: Any) -> None:
    """The page the issue was found on: "No" where the department could provide the course,
    and "Yes" with the whole citation where it could not."""
    chief = clients["chief"]
    plain = Assignment.objects.filter(employer_could_not_provide_training=False).first()
    flagged = Assignment.objects.filter(employer_could_not_provide_training=True).first()
    assert plain is not None
    assert flagged is not None
    label = "Department could not provide the SRO course before the start</dt><dd>"
    page = chief.get(reverse("roster:assignment", args=[plain.pk])).content.decode()
    assert f"{label}No</dd>" in page
    assert "subd. 3(c))" not in page
    page = chief.get(reverse("roster:assignment", args=[flagged.pk])).content.decode()
    assert f"{label}{CITATION}</dd>" in page


@pytest.mark.parametrize(
    ("url", "answer"),
    [
        ("roster:officer_list", "Active"),
        ("schools:school_list", "Active"),
        ("training:compliance", "May serve"),
    ],
)
def test_the_yes_no_columns_of_lists_say_yes_or_no(
    demo: Any, clients: Any, url: str, answer: str
) -> None:
    page = clients["chief"].get(reverse(url)).content.decode()
    cells = re.findall(rf'data-label="{answer}">([^<]*)</td>', page)
    assert cells
    assert set(cells) <= {"Yes", "No"}
