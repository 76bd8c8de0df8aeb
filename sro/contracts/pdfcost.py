"""What reading a PDF's text will cost, counted before any page is read.

pypdf reads a page's text by building every font of the page's resources (its /ToUnicode map
included) and parsing the page's content, and does the same again for a form (a drawing stored
once) each time the content draws it with ``Do``; nothing is kept from one page to the next. So
a small file can cost minutes: a thousand pages drawing one stream, a form drawn hundreds of
times, forms drawing forms, or a font whose 30-byte map expands to 65,536 entries on every page.

This module walks the pages as pypdf will, without parsing them: it decodes each stream once
(within pypdf's limits on decompression), counts its bytes and estimates its parsing work with
regular expressions, and adds both up for every time pypdf would read it (a stream shared by
many pages, or a form drawn many times, counts each time). The counts are upper bounds:

- *size*: the decoded bytes of page content, of forms each time they are drawn and of font
  maps each time a font is built, and font programs pypdf reads, once each;
- *operations*: the tokens of that content (a name, a number, an operator, a word of a string;
  a long run without spaces counts one more per 8 bytes), each map entry and width of a font,
  and a fixed cost per font built. Measured here, pypdf spends 8 to 22 microseconds on each.

A ``Do`` draws a form or an image; which one is not known without parsing, so each ``Do`` is
counted as drawing the costliest forms whose names occur in the content, as often as they occur.
A form that draws itself, or forms nested deeper than ``MAX_FORM_DEPTH``, are refused outright:
no real document has them.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

Reason = Literal["size", "operations", "loop", "nesting"]

MAX_FORM_DEPTH = 12
# Operations counted for building one font, besides its map and widths (measured: 0.2 ms for a
# standard font, 0.7 ms for an embedded one before its map).
FONT_OPERATIONS = 32
# The largest /ToUnicode map pypdf builds (pypdf._cmap.MAPPING_DICTIONARY_SIZE_LIMIT).
MAX_MAP_ENTRIES = 100_000

_DELIMITERS = rb"\s()<>\[\]{}/%"  # what ends a name or an operator (pypdf's delimiter_pattern)
_TOKEN = re.compile(rb"/[^" + _DELIMITERS + rb"]*|[^" + _DELIMITERS + rb"]+|[(<\[{]")
_LONG = re.compile(rb"[^" + _DELIMITERS + rb"]{64,}")
_NAME = re.compile(rb"/([^" + _DELIMITERS + rb"]*)")
# "Do" as an operator: not the end of a name or a longer word (after a number it still is one).
_DO = re.compile(rb"(?<![A-Za-z_#*'\"])Do(?![^" + _DELIMITERS + rb"])")
_CHUNK = 256 * 1024


@dataclass(slots=True)
class Cost:
    size: int = 0
    operations: int = 0

    def add(self, other: Cost, times: int = 1) -> None:
        self.size += other.size * times
        self.operations += other.operations * times


class TooCostly(Exception):
    """Reading the text would cost more than allowed (or the file is built to make it so)."""

    def __init__(self, reason: Reason, page: int, cost: Cost) -> None:
        super().__init__(f"{reason} at page {page}")
        self.reason = reason
        self.page = page
        self.cost = cost


@dataclass(frozen=True, slots=True)
class _Content:
    """What a content stream costs to parse once, and what it may draw."""

    size: int
    operations: int
    draws: int  # "Do" operators
    names: Counter[str]


def measure(
    pages: Iterable[Any],
    *,
    max_size: int,
    max_operations: int,
    tick: Callable[[], None] = lambda: None,
) -> Cost:
    """The cost of reading the text of `pages`; raises `TooCostly` at the first page where a
    total passes its limit. `tick` is called before each page and each stream is decoded (a
    deadline's check)."""
    walker = _Walker(max_size, max_operations, tick)
    for number, page in enumerate(pages, start=1):
        tick()
        walker.page = number
        walker.add(walker.page_cost(page))
    return walker.total


def _resolve(value: Any) -> Any:
    get_object = getattr(value, "get_object", None)
    return get_object() if get_object is not None else value


def _resources(obj: DictionaryObject) -> DictionaryObject | None:
    """The /Resources pypdf reads for a page or a form (inherited from the page tree)."""
    resources = _resolve(obj.get_inherited("/Resources", None))
    return resources if isinstance(resources, DictionaryObject) and resources else None


def _decode_name(raw: bytes) -> str:
    """A name as pypdf reads it: #xx escapes undone, then the first character set that fits."""
    name = NameObject.unnumber(b"/" + raw)
    for charset in NameObject.CHARSETS:
        try:
            return name.decode(charset)
        except UnicodeDecodeError:
            continue
    return name.decode("charmap")


class _Walker:
    def __init__(self, max_size: int, max_operations: int, tick: Callable[[], None]) -> None:
        self.max_size = max_size
        self.max_operations = max_operations
        self.tick = tick
        self.page = 0
        self.total = Cost()
        # The page and the forms being counted: what they have cost so far counts in every check,
        # so that counting stops as soon as the limit is passed, however deep.
        self._open: list[Cost] = []
        # Keyed by id(); each entry keeps its object alive so that no id is reused.
        self._contents: dict[int, tuple[Any, _Content]] = {}
        self._forms: dict[int, tuple[Any, Cost]] = {}
        self._fonts: dict[int, tuple[Any, Cost]] = {}
        self._decoded: dict[int, Any] = {}

    # --- totals ---------------------------------------------------------------------------------

    def add(self, cost: Cost) -> None:
        """Count what is read once (a page counted in full, a stream decoded)."""
        self.total.add(cost)
        self._check()

    def _counted(self) -> Cost:
        counted = Cost(self.total.size, self.total.operations)
        for cost in self._open:
            counted.add(cost)
        return counted

    def _check(self, more: Cost | None = None) -> None:
        counted = self._counted()
        if more is not None:
            counted.add(more)
        if counted.size > self.max_size:
            raise TooCostly("size", self.page, counted)
        if counted.operations > self.max_operations:
            raise TooCostly("operations", self.page, counted)

    # --- pages and forms ------------------------------------------------------------------------

    def page_cost(self, page: DictionaryObject) -> Cost:
        resources = _resources(page)
        if resources is None:
            return Cost()  # pypdf reads nothing of a page without resources
        contents = _resolve(page.get("/Contents"))
        if isinstance(contents, ArrayObject):
            parts = (_resolve(part) for part in contents)
            streams = [part for part in parts if isinstance(part, StreamObject)]
        else:
            streams = [contents] if isinstance(contents, StreamObject) else []
        return self._drawing(streams, resources, ())

    def _drawing(
        self, streams: Sequence[StreamObject], resources: DictionaryObject, chain: tuple[int, ...]
    ) -> Cost:
        """A page's or a form's content with its fonts and the forms it may draw."""
        cost = Cost()
        self._open.append(cost)
        try:
            self._fonts_of(resources, cost)
            draws = 0
            names: Counter[str] = Counter()
            for stream in streams:
                content = self._content(stream)
                cost.size += content.size
                cost.operations += content.operations
                self._check()
                draws += content.draws
                names.update(content.names)
            if draws:
                self._forms_drawn(draws, names, resources, chain, cost)
        finally:
            self._open.pop()
        return cost

    def _forms_drawn(
        self,
        draws: int,
        names: Counter[str],
        resources: DictionaryObject,
        chain: tuple[int, ...],
        cost: Cost,
    ) -> None:
        """Adds to `cost` the costliest way `draws` Do operators could draw the forms named in
        the content: each form as often as its name occurs, the costliest first."""
        xobjects = _resolve(resources.get("/XObject"))
        if not isinstance(xobjects, DictionaryObject):
            return
        before = Cost(cost.size, cost.operations)
        drawn: list[tuple[Cost, int]] = []
        left = draws
        for name, count in names.items():
            if name not in xobjects:
                continue
            form = _resolve(xobjects[name])
            # pypdf skips images, and anything without a /Subtype fails before it is read.
            if not isinstance(form, StreamObject) or form.get("/Subtype") in (None, "/Image"):
                continue
            form_cost = self._form(form, chain)
            drawn.append((form_cost, count))
            # Meanwhile the forms in the order met, while Do operators are left: less than the
            # costliest way, so a file over the limit is refused before all its forms are seen.
            times = min(count, left)
            cost.add(form_cost, times)
            left -= times
            self._check()
        cost.size = before.size + _costliest(drawn, draws, lambda c: c.size)
        cost.operations = before.operations + _costliest(drawn, draws, lambda c: c.operations)
        self._check()

    def _form(self, form: StreamObject, chain: tuple[int, ...]) -> Cost:
        key = id(form)
        if key in chain:
            raise TooCostly("loop", self.page, self._counted())
        if len(chain) >= MAX_FORM_DEPTH:
            raise TooCostly("nesting", self.page, self._counted())
        if key in self._forms:
            return self._forms[key][1]
        resources = _resources(form)
        cost = Cost() if resources is None else self._drawing([form], resources, (*chain, key))
        self._forms[key] = (form, cost)
        return cost

    def _content(self, stream: StreamObject) -> _Content:
        key = id(stream)
        if key not in self._contents:
            self._contents[key] = (stream, self._read_content(stream))
        return self._contents[key][1]

    def _decode(self, stream: StreamObject) -> bytes:
        """A stream's data, decoded once within pypdf's limits and kept for the reading. Decoding
        counts once, one operation per 16 bytes read: repairing a damaged compressed stream
        costs about a microsecond a byte."""
        if id(stream) not in self._decoded:
            self._decoded[id(stream)] = stream
            if stream.get("/Filter") is not None:
                self.add(Cost(0, len(getattr(stream, "_data", b"")) // 16))
            self.tick()
        data: bytes = stream.get_data()
        return data

    def _read_content(self, stream: StreamObject) -> _Content:
        data = self._decode(stream)
        size = len(data)
        self._check(Cost(size, 0))
        # Tokens counted a chunk at a time, stopping once they alone pass the limit.
        room = self.max_operations - self._counted().operations
        tokens = 0
        for start in range(0, size, _CHUNK):
            tokens += len(_TOKEN.findall(data, start, start + _CHUNK))
            if tokens > room:
                return _Content(size, tokens, 0, Counter())
        tokens += sum(len(run) for run in _LONG.findall(data)) // 8
        draws = len(_DO.findall(data))
        names = Counter(_decode_name(n) for n in _NAME.findall(data)) if draws else Counter()
        return _Content(size, tokens, draws, names)

    # --- fonts ----------------------------------------------------------------------------------

    def _fonts_of(self, resources: DictionaryObject, cost: Cost) -> None:
        """pypdf builds every font of the resources, used or not, each time it reads them."""
        fonts = _resolve(resources.get("/Font"))
        if not isinstance(fonts, DictionaryObject):
            return
        for name in fonts:
            font = _resolve(fonts[name])
            if isinstance(font, DictionaryObject):
                cost.add(self._font(font))
                self._check()

    def _font(self, font: DictionaryObject) -> Cost:
        key = id(font)
        if key not in self._fonts:
            self._fonts[key] = (font, self._font_cost(font))
        return self._fonts[key][1]

    def _font_cost(self, font: DictionaryObject) -> Cost:
        cost = Cost(0, FONT_OPERATIONS)
        to_unicode = _resolve(font.get("/ToUnicode"))
        if isinstance(to_unicode, StreamObject):
            cost.size += len(self._decode(to_unicode))
            room = self.max_operations - self._counted().operations
            cost.operations += _map_entries(font, room + 1)
        elif font.get("/Subtype") == "/Type1":
            cost.operations += self._program(font)
        for key in ("/Widths", "/CharProcs"):
            value = _resolve(font.get(key))
            if isinstance(value, ArrayObject | DictionaryObject):
                cost.operations += len(value)
        encoding = _resolve(font.get("/Encoding"))
        if isinstance(encoding, DictionaryObject):
            differences = _resolve(encoding.get("/Differences"))
            if isinstance(differences, ArrayObject):
                cost.operations += len(differences)
        descendants = _resolve(font.get("/DescendantFonts"))
        if isinstance(descendants, ArrayObject):
            for descendant in descendants:
                descendant = _resolve(descendant)
                if isinstance(descendant, DictionaryObject):
                    cost.operations += _cid_widths(_resolve(descendant.get("/W")))
        return cost

    def _program(self, font: DictionaryObject) -> int:
        """A Type 1 font without a map is read from its embedded program: pypdf decodes the
        program once (its size counts once) and hashes it each time (one operation per KB)."""
        descriptor = _resolve(font.get("/FontDescriptor"))
        if not isinstance(descriptor, DictionaryObject):
            return 0
        operations = 0
        for key in ("/FontFile", "/FontFile3"):
            program = _resolve(descriptor.get(key))
            if isinstance(program, StreamObject):
                first = id(program) not in self._decoded
                size = len(self._decode(program))
                if first:
                    self.add(Cost(size, 0))
                operations += size // 1024
        return operations


def _costliest(drawn: list[tuple[Cost, int]], draws: int, part: Callable[[Cost], int]) -> int:
    """The most `draws` drawings of these forms (each at most its count of times) can cost."""
    total = 0
    left = draws
    for cost, count in sorted(drawn, key=lambda d: -part(d[0])):
        times = min(count, left)
        total += part(cost) * times
        left -= times
        if not left:
            break
    return total


def _map_entries(font: DictionaryObject, most: int) -> int:
    """The work of building a font's /ToUnicode map, in operations: its text normalised by
    pypdf's own `prepare_cm`, then read a line at a time as pypdf reads it, each entry one
    operation (a range counting its span) and each single character two (measured: 16 and 35
    microseconds). Counting stops past `most`, or past the entries pypdf builds at most."""
    from pypdf._cmap import prepare_cm  # the one normalisation pypdf applies; no public name

    entries = work = 0
    ranges = chars = in_list = False
    for raw in prepare_cm(font).replace(b"\t", b" ").split(b"\n"):
        line = raw.strip(b" ")
        if not line or line.startswith(b"%"):
            continue
        if b"n" in line:  # a marker: "begin", "end" (hexadecimal digits have no n)
            if b"beginbfrange" in line:
                ranges = True
                continue
            if b"endbfrange" in line:
                ranges = False
                continue
            if b"beginbfchar" in line:
                chars = True
                continue
            if b"endbfchar" in line:
                chars = False
                continue
        if ranges:
            words = line.split()
            if in_list or (len(words) > 2 and words[2] == b"["):
                entries += len(words)
                work += len(words)
                in_list = b"]" not in words
            elif len(words) > 2 and len(words[0]) <= 16 and len(words[1]) <= 16:
                with contextlib.suppress(ValueError):  # pypdf skips the line
                    span = max(0, int(words[1], 16) - int(words[0], 16) + 1)
                    entries += span
                    work += span
        elif chars:
            pairs = len(line.split()) // 2
            entries += pairs
            work += 2 * pairs
        if work >= most or entries > MAX_MAP_ENTRIES:
            break
    return min(work, most)


def _cid_widths(widths: Any) -> int:
    """The work of a /W array, read as pypdf reads it: ``first [w1 w2 ...]`` counts its widths,
    ``first last w`` one operation per 16 characters of the range."""
    if not isinstance(widths, ArrayObject):
        return 0
    items = [_resolve(item) for item in widths]
    operations = len(items)
    index = 0
    while index + 1 < len(items):
        following = items[index + 1]
        if isinstance(following, ArrayObject):
            operations += len(following)
            index += 2
        elif index + 2 < len(items) and all(
            isinstance(v, int | float) for v in items[index : index + 3]
        ):
            first, last = int(items[index]), int(following)
            operations += max(0, min(last - first + 1, 65_536)) // 16
            index += 3
        else:
            index += 1
    return operations
