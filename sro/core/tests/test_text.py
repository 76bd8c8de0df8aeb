"""The one rule for characters text fields refuse (sro.core.text): controls everywhere,
line breaks and invisible characters in one-line text. The adversarial test of issue 23 saved a
student's name with a zero-width space ("Quin\u200bn", shown as "Quinn"), and an exact search
for "Quinn" in the access log then found no one; a school name with U+202E displayed reversed."""

from __future__ import annotations

import pytest

from sro.core import text

INVISIBLE = ["\u200b", "\ufeff", "\u00ad", "\u2060", "\u200e", "\U000e0041"]
BIDI = ["\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", INVISIBLE + BIDI + ["\ud800", "\x0b", "\x85", "\n", "\u2028"])
def test_one_line_text_refuses_it(char: str) -> None:
    message = text.problem(f"Quin{char}n", label="Last name", multiline=False)
    assert message is not None
    assert message.startswith("Last name: remove the line break or control character")
    assert "at character 5" in message


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_is_named_as_one(char: str) -> None:
    message = text.problem(f"a{char}", label="Name", multiline=False)
    assert message is not None
    assert "an invisible character" in message


@pytest.mark.parametrize("char", BIDI + ["\ud800", "\x0b"])
def test_multi_line_text_refuses_controls_and_reordering(char: str) -> None:
    assert text.problem(f"note {char} here", label="Notes", multiline=True) is not None


@pytest.mark.parametrize(
    "value", ["line one\r\nline two", "\u05e9\u05dc\u05d5\u05dd\u200f ok", "tab\there"]
)
def test_multi_line_text_keeps_breaks_tabs_and_direction_marks(value: str) -> None:
    assert text.problem(value, label="Notes", multiline=True) is None


@pytest.mark.parametrize(
    "name",
    ["Quinn", "Zo\u00eb", "\u0645\u06cc\u200c\u0631\u0648\u0632", "\u0915\u094d\u200d\u0937"],
)
def test_names_with_joiners_and_accents_are_kept(name: str) -> None:
    """ZWNJ and ZWJ are how names in Persian and several Indic scripts are written."""
    assert text.problem(name, label="Name", multiline=False) is None


def test_strip_removes_what_one_line_text_refuses() -> None:
    cleaned = text.strip("Quin\u200bn\r\nRiley\u202e")  # noqa: B005 (ours, not str.strip)
    assert cleaned == "Quinn Riley"


@pytest.mark.parametrize("value", ["\u200b", "\u00a0\u200b\n", "\u3164", "\u2800 \u200d"])
def test_text_of_only_invisible_characters_is_refused(value: str) -> None:
    message = text.problem(value, label="Reason", multiline=True)
    assert message == (
        "Reason: this holds only invisible characters or spaces. Write the text, or leave the "
        "field empty."
    )


@pytest.mark.parametrize("value", ["", "   ", "\n\t", "ok\u200b", "\u05d0\u200f"])
def test_empty_whitespace_and_visible_text_are_not_blank_text(value: str) -> None:
    assert text.problem(value, label="Reason", multiline=True) is None
