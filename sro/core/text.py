"""The one rule for control characters in text people type (forms and API input alike).

A control character has no business in a name, a number or a note, and one that slips in breaks
what the text is later written into: a line break in a badge number split an HTTP header and an
iCalendar line, a NUL is refused by PostgreSQL. So text fields refuse the C0 controls (U+0000 to
U+001F), DEL (U+007F) and the C1 controls (U+0080 to U+009F), with two exceptions: a tab
anywhere, and line breaks (CR, LF) in multi-line text (a browser sends a text area's line
breaks as CR LF). A one-line field also refuses the Unicode line and paragraph separators.
A lone surrogate (U+D800 to U+DFFF, which JSON's \\u escapes can carry but no text encoding can
store) is refused with the controls, and so are the bidirectional embedding, override and
isolate controls (U+202A to U+202E, U+2066 to U+2069), which make text display in another order
than it is stored. One-line text (names, numbers, titles) also refuses the invisible format
characters (zero-width space, word joiner, soft hyphen, byte-order mark, direction marks, tag
characters): a name holding one looks like the name without it, and an exact search for what it
looks like would miss it. The zero-width joiner and non-joiner (U+200C, U+200D) stay allowed:
they are part of how names in several scripts are written.

Multi-line text typed into a text area (notes, narratives, comments) is capped at
``MAX_MULTI_LINE`` characters: about eight printed pages, far beyond any note, while a note of
megabytes (sent through the API) would be copied into every audit event that records its
changes. One-line fields have their model's length.

The forms (``sro.core.forms``) and the API's input schemas (``sro.core.api``) both check
through ``problem``, and imported files (course records, school calendars) every value through
``in_file_problem``; output written into a line-oriented format (the iCalendar feed) passes
stored text through ``strip`` so records saved before this rule still render.
"""

from __future__ import annotations

import re
import unicodedata

# Always refused: C0 controls except tab, CR and LF; DEL; C1 controls; lone surrogates;
# bidirectional embeddings, overrides and isolates.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
# Line breaks: refused in one-line text only.
_BREAKS = "\r\n\u2028\u2029"
# Invisible format characters: refused in one-line text only (not U+200C and U+200D).
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u2060-\u2064\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
MAX_MULTI_LINE = 20_000
_MULTI_LINE = re.compile(f"[{_CONTROL}]")
_ONE_LINE = re.compile(f"[{_CONTROL}{_BREAKS}{_INVISIBLE}]")


def found(value: str, *, multiline: bool) -> str | None:
    """What `value` holds that text may not, and where ("U+202E at character 4"), or None."""
    match = (_MULTI_LINE if multiline else _ONE_LINE).search(value)
    if match is None:
        return None
    where = f"at character {match.start() + 1}"
    if match[0] in _BREAKS:
        return f"a line break {where}"
    if re.fullmatch(f"[{_INVISIBLE}]", match[0]):
        return f"an invisible character, U+{ord(match[0]):04X}, {where}"
    return f"U+{ord(match[0]):04X} {where}"


def problem(value: str, *, label: str, multiline: bool, limit: int | None = None) -> str | None:
    """The message for a text field holding a character it may not hold (or, with ``limit``,
    more characters than that), or None."""
    if limit is not None and len(value) > limit:
        return (
            f"{label}: this text is {len(value):,} characters long and the limit is {limit:,}. "
            "Shorten it, or attach the rest as a document."
        )
    what = found(value, multiline=multiline)
    if what is None:
        if looks_blank(value):
            return (
                f"{label}: this holds only invisible characters or spaces. Write the text, "
                "or leave the field empty."
            )
        return None
    if what.startswith("a line break"):
        what += "; this field is one line"
    return f"{label}: remove the line break or control character ({what})."


# Letters and symbols that print as nothing: Hangul fillers and the blank Braille pattern.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def looks_blank(value: str) -> bool:
    """Whether text that is not plain whitespace shows nothing at all: only spaces, format
    characters (zero-width space, joiners) and blank-looking letters. A reason made of these
    would pass a "required" check while saying nothing, so it is refused as text."""
    if not value.strip():
        return False  # plain whitespace: the fields strip it and "required" answers it
    return all(c.isspace() or unicodedata.category(c) == "Cf" or c in _BLANK_LOOKING for c in value)


def in_file_problem(value: str) -> str | None:
    """The message for a one-line value read from an imported file (a cell, a calendar event's
    title) holding a character text may not hold, or None: the same rule as forms."""
    what = found(value, multiline=False)
    if what is None:
        return None
    if what.startswith("a line break"):
        return f"{what}; the value is one line: join its lines in the file and import it again."
    return (
        f"{what}; delete it in the file (it may not show in a spreadsheet or an editor) and "
        "import it again."
    )


def strip(value: str, *, multiline: bool = False) -> str:
    """``value`` without the characters a text field refuses (line breaks become spaces in
    one-line text), for writing stored text into a format they would break."""
    if not multiline:
        value = re.sub(f"[{_BREAKS}]+", " ", value)
        value = re.sub(f"[{_INVISIBLE}]", "", value)
    return _MULTI_LINE.sub("", value)
