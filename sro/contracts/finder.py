"""The clause finder: which passages of a contract most likely cover each required item.

The method, in four steps (every number below is a module constant):

1. **Passages.** The text is cut into passages, each with a location a reader can find:
   numbered sections and subsections ("section 6.4", "Section 3", "ARTICLE IV", roman "III."),
   items of lettered, numbered or bulleted lists ("section 3.1(4)", "section 3, item 2"),
   WHEREAS recitals ("recital 2"), exhibits and attachments ("exhibit A, section 2"); text
   outside any of these is "page N" in a PDF and "paragraph N" otherwise. Each list item is its
   own passage, so each duty of a duties list is found on its own. A heading line ("6. ATTIRE")
   is joined to the passage that follows it. In a PDF, where lines are wrapped, a line that
   ends a sentence well short of the page width ends a paragraph. Passages longer than
   ``MAX_WORDS`` are cut at sentence ends.

2. **Terms.** Words are lower-cased and reduced by a light suffix stripper ("drills" and
   "drill", "sharing" and "share" match); common function words are dropped, but negations
   ("not", "nor") are kept; every pair of neighbouring words is also a term ("plain_cloth",
   "school_disciplin"), so a phrase counts for more than its words apart.

3. **BM25 per concept.** Each item has a query of a few *concepts*, each a set of alternative
   phrasings that real agreements use (attire: "plain clothes" | "uniform" | "attire" |
   "dress" ...), with a weight. A BM25 index (rank_bm25's ``BM25Okapi``) is built over the
   document's passages. A concept's strength in a passage is the BM25 score of its best
   phrasing there, divided by the score one mention of a word found in no other passage gets
   in a passage of average length, capped at 1. So 1 means "stated plainly"; words used all
   over the document (BM25's inverse document frequency) and long passages (its length
   normalisation) count for less.

4. **Score.** A passage's score for an item is the weighted mean of its concept strengths
   (0..1, comparable across items and documents, so one ``FOUND_THRESHOLD`` serves all).
   Three adjustments keep look-alikes out: a concept marked *required* that is absent
   multiplies the score by ``MISSING_REQUIRED`` (the no-discipline statement needs a negation,
   public notification needs an audience such as parents or a website, data practices needs
   sharing or disclosure); a few items name terms that point to another item (the enforce-laws
   duty and "school rules"), which multiply by ``EXCLUDED``; and a WHEREAS recital, which
   states an intention rather than an obligation, is multiplied by ``RECITAL_WEIGHT``.

The best passages per item, above ``MIN_SCORE``, are proposed (one per location); the finder
decides an item is present when its best score reaches ``FOUND_THRESHOLD``. A person confirms
or rejects each proposal: the finder only points. ``bench/clause_finder.py`` measures it on
the sample agreements in ``sro/contracts/samples``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rank_bm25 import BM25Okapi

from sro.contracts.extract import ExtractedDocument
from sro.rules.contracts import BY_ID, ITEM_IDS

FOUND_THRESHOLD = 0.5  # tuned on the sample corpus; see docs/clause-finder.md
MIN_SCORE = 0.2  # proposals below this are not shown
RECITAL_WEIGHT = 0.6
MISSING_REQUIRED = 0.4
EXCLUDED = 0.5
MAX_WORDS = 120
EXCERPT_CHARS = 600
MIN_TOKENS = 3  # shorter passages (signature lines, bare captions) are not proposed


@dataclass(frozen=True, slots=True)
class Proposal:
    item: str
    score: float
    excerpt: str
    location: str
    rank: int


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: str
    required: str
    found: bool
    score: float
    excerpt: str
    location: str


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    location: str
    page: int
    recital: bool = False


# --- Queries -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Concept:
    weight: float
    phrasings: tuple[str, ...]  # each one or two words after stop words are dropped
    required: bool = False


def _c(weight: float, phrasings: str, *, required: bool = False) -> Concept:
    return Concept(weight, tuple(p.strip() for p in phrasings.split("|")), required)


@dataclass(frozen=True, slots=True)
class Query:
    concepts: tuple[Concept, ...]
    excluded: tuple[str, ...] = ()  # phrasings that point to another item


QUERIES: dict[str, Query] = {
    # Duties: the statute's wording (subd. 2(a)) and the ways agreements put it.
    "duty_1_climate": Query(
        (
            _c(2, "school climate|positive climate|climate|welcoming"),
            _c(2, "relationships|rapport|trust|role model|mentor|getting to know"),
            _c(1, "open communication|communication|approachable|positive"),
            _c(0.5, "foster|build|develop|encourage"),
        )
    ),
    "duty_2_protect": Query(
        (
            _c(2, "protect|protecting|deter|prevent|keep safe|safe from|harm|threat"),
            _c(1.5, "criminal activity|crime|crimes|criminal"),
            _c(1, "visitors|staff visitors|students staff"),
        )
    ),
    "duty_3_liaison": Query(
        (
            _c(3, "liaison|point of contact|go-between|link between|connect"),
            _c(1, "school officials|administrators|administration|leadership|school staff"),
            _c(1, "police department|law enforcement|department|agency"),
        )
    ),
    "duty_4_drills": Query(
        (
            _c(3, "drills|drill|lockdown|evacuation|exercises"),
            _c(1.5, "emergency plan|emergency operations|crisis plan|safety plan|emergency"),
            _c(1, "advise|advising|assist|take part|participate|help"),
        )
    ),
    "duty_5_vulnerabilities": Query(
        (
            _c(
                3,
                "vulnerabilities|vulnerable|weaknesses|hazards|security assessment|"
                "security survey|assessments|security audit",
            ),
            _c(1.5, "facilities|buildings|grounds|campus"),
            _c(1, "safety protocols|protocols|procedures|security"),
            _c(0.5, "identify|identifying|recommend|report|improvements"),
        )
    ),
    "duty_6_educate": Query(
        (
            _c(
                3,
                "educate|educating|teach|instruction|classroom|presentations|classes|"
                "curriculum|lessons",
            ),
            _c(
                1.5,
                "enforcement topics|law-related|legal topics|the law|internet safety|"
                "online safety|drug|personal safety",
            ),
            _c(1, "students staff|students|staff"),
        )
    ),
    "duty_7_enforce": Query(
        (
            _c(3, "enforce|enforcing|enforcement action|arrest|arrests|investigate"),
            _c(2, "criminal laws|state law|ordinances|criminal offenses|crimes|statutes"),
        ),
        excluded=("school rules", "school discipline"),
    ),
    # Contents the model policy requires (IV.A, IV.H).
    "attire": Query(
        (
            _c(2, "plain clothes|attire|modified uniform|uniform|clothing|dress|polo"),
            _c(2, "wear|wears|worn|wearing"),
            _c(1, "agree|mutually|policy|jointly|approve"),
        )
    ),
    "selection_role": Query(
        (
            _c(
                2.5,
                "select|selection|selects|vetting|interview|interviewing|candidates|hire|"
                "retain|retention|retaining|replace|replacement|replacing|reassign",
            ),
            _c(1, "panel|input|recommendations|consult|concerns|object|request|review"),
            _c(0.5, "district|superintendent|principal|academy|school"),
        )
    ),
    "public_notification": Query(
        (
            _c(3, "notify|notified|notification|inform|notice|post|publish|announce|letter home"),
            _c(
                2,
                "parents|families|public|community|website|web page|handbook|newsletter",
                required=True,
            ),
            _c(1, "will be present|present|presence|assigned to"),
        )
    ),
    "data_practices": Query(
        (
            _c(
                3,
                "education records|records|ferpa|13.32|data practices|educational rights|"
                "privacy|directory information|data",
            ),
            _c(1.5, "share|disclose|disclosure|access|release|receive", required=True),
            _c(1, "school official|legitimate educational|purposes|purpose|emergency|consent"),
        )
    ),
    "deescalation_resources": Query(
        (
            _c(
                3,
                "de-escalation|de-escalate|de-escalating|crisis team|crisis intervention|"
                "crisis response|mediation|restorative|counselors|social workers|"
                "psychologist|behavior intervention|student support",
            ),
            _c(1.5, "resources|protocols|programs|team"),
            _c(1, "brief|introduce|inform|summary|training|provide|give"),
        )
    ),
    "additional_duties": Query(
        (
            _c(
                3,
                "additional duties|additional services|additional paid|extra-duty|extra duty|"
                "athletic events|dances|games|after school|outside school|after-hours",
            ),
            _c(2, "overtime|reimburse|paid|billed|rate|per hour"),
            _c(0.5, "request|approval|requests"),
        )
    ),
    # Subd. 2(c): the statement must say the SRO does NOT do this, hence the required negation.
    "no_school_discipline": Query(
        (
            _c(
                3,
                "school discipline|discipline|disciplinary|disciplinarian|school rules|"
                "code of conduct",
            ),
            _c(2, "not|nor|never|solely|neither", required=True),
            _c(1, "administrators|school staff|school officials"),
            _c(1, "force|authority|police authority"),
        )
    ),
}


# --- Terms ---------------------------------------------------------------------------------

_WORD = re.compile(r"\d+(?:\.\d+)+|[a-z]+|\d+")
_STOP = frozenset(
    {
        *("a", "an", "and", "any", "are", "as", "at", "be", "been", "by", "each", "for"),
        *("from", "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "other"),
        *("s", "shall", "such", "than", "that", "the", "their", "them", "then", "there"),
        *("these", "they", "this", "those", "to", "under", "upon", "was", "were", "which"),
        *("who", "whom", "will", "with"),
    }
)


def _stem(word: str) -> str:
    """A deliberately light suffix stripper: plurals, -ing, -ed, final -e."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.startswith("building"):
        return "building"  # not the verb "build" (relationships)
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'s ", " ")
    return [_stem(w) for w in _WORD.findall(text) if w not in _STOP]


def terms(text: str) -> list[str]:
    """The terms BM25 indexes: the words, then every pair of neighbouring words."""
    words = _words(text)
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def _phrasing_term(phrasing: str) -> str:
    words = _words(phrasing)
    if not 1 <= len(words) <= 2:
        raise ValueError(f"phrasing {phrasing!r} must be one or two words after stop words")
    return "_".join(words)


def _check_queries() -> None:
    """Fail at import, not on the first upload, if a query is missing or malformed."""
    if QUERIES.keys() != set(ITEM_IDS):
        raise RuntimeError(f"clause finder queries do not match the items: {sorted(QUERIES)}")
    for query in QUERIES.values():
        for concept in query.concepts:
            for phrasing in concept.phrasings:
                _phrasing_term(phrasing)


_check_queries()


# --- Passages ------------------------------------------------------------------------------

_EXHIBIT = re.compile(
    r"^(?:EXHIBIT|ATTACHMENT|APPENDIX|SCHEDULE|Exhibit|Attachment|Appendix|Schedule)\s+"
    r"([A-Z]|\d{1,2})\s*(?:$|[-–—:.]\s*(.*))"
)
_WHEREAS = re.compile(r"^WHEREAS\b", re.IGNORECASE)
_THEREFORE = re.compile(r"^NOW,?\s+THEREFORE\b", re.IGNORECASE)
_WITNESS = re.compile(r"^IN WITNESS WHEREOF\b", re.IGNORECASE)
_RECITALS = re.compile(r"^RECITALS?:?$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:ARTICLE|Article)\s+([IVXLC]+|\d{1,2})\b\.?\s*[-–—:.]?\s*(.*)$")
_SECTION_WORD = re.compile(
    r"^(?:SECTION|Section|Sec\.)\s+(\d{1,2}(?:\.\d{1,2})*)(?!\.?\d)((?:\([a-z0-9]{1,3}\))?)"
    r"(?=$|[.:)\-–—]|\s+[A-Z(\"“])[.:)]?\s*[-–—]?\s*(.*)$"
)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(?!\.?\d)(\.?)((?:\([a-z0-9]{1,3}\))?)\s+(\S.*)$")
_ROMAN_HEADING = re.compile(r"^([IVX]{1,5})\.\s+([A-Z][A-Z ,&'’-]+)$")
_LIST_ITEM = re.compile(
    r"^[\"“]?(?:\(([a-zA-Z]{1,4}|\d{1,2})\)|([a-z]|\d{1,2})\)|([a-zA-Z])\.)\s+(\S.*)$"
)
_BULLET = re.compile(r"^[•◦▪·*\-–]\s+(\S.*)$")
_PAGE_FURNITURE = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
_KEYWORD_LINE = re.compile(
    r"^(?:EXHIBIT|ATTACHMENT|APPENDIX|SCHEDULE|ARTICLE|SECTION|WHEREAS|NOW,? THEREFORE"
    r"|IN WITNESS)\b"
    r"|^[^a-z]*[A-Z]{3}[^a-z]*$"  # a caption in capitals
)
_ROMAN_NUMERALS = frozenset(
    {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}
)
_ENDS_SENTENCE = (".", ";", ":")
_LAST_ITEM_JOINER = re.compile(r"[;,]\s+(?:and|or)$")


@dataclass
class _Splitter:
    """Reads lines in order, keeping the current exhibit, article, section and list labels."""

    kind: str
    passages: list[Passage] = field(default_factory=list)
    exhibit: str | None = None
    article: str | None = None
    section: str | None = None
    section_numbers: tuple[int, ...] | None = None  # None when the section is not numeric
    # The open list items, outermost first: (label type, label), e.g. [("upper", "B"), ...].
    lists: list[tuple[str, str]] = field(default_factory=list)
    bullets: int = 0
    recital: str | None = None
    in_recitals: bool = False  # after a RECITALS caption, lettered paragraphs are recitals
    recitals_seen: int = 0
    paragraphs: int = 0
    headings: list[str] = field(default_factory=list)  # captions waiting for their passage
    current: list[str] = field(default_factory=list)
    current_location: str = ""
    current_page: int = 1
    current_recital: bool = False
    previous: str = ""  # the last line read, across page breaks

    def feed_page(self, number: int, text: str) -> None:
        lines = [line.strip() for line in text.split("\n")]
        width = _typical_width(lines) if self.kind == "pdf" else 0
        for line in lines:
            if _PAGE_FURNITURE.match(line):
                continue
            if not line:
                self.flush()
            else:
                if width and self.current and _paragraph_ended(self.previous, width):
                    self.flush()
                self.feed_line(line, number, self.previous)
            self.previous = line

    def feed_line(self, line: str, page: int, previous: str) -> None:
        # Inside a sentence that runs on from the line before (a wrapped line), only an
        # unmistakable caption or keyword starts something new: "Section 6." or "13.32" at the
        # start of a wrapped line is part of the sentence.
        running_on = bool(self.current) and not _ends_clause(previous)
        body = None if running_on and not _KEYWORD_LINE.match(line) else self.structure(line)
        if body is None:
            if not self.current:
                self.start(page)
            self.current.append(line)
            return
        self.flush()
        if not body or _is_heading(body):
            self.paragraphs += 1
            self.headings.append(line)
        else:
            self.start(page)
            self.current.append(line)

    def structure(self, line: str) -> str | None:
        """Update the context if the line starts a structural unit; the text after its label
        (None for a plain line)."""
        if match := _EXHIBIT.match(line):
            self.exhibit, self.article, self.headings = match[1], None, []
            self._set_section(None, None)
            self.recital, self.in_recitals = None, False
            return match[2] or ""
        if _WHEREAS.match(line):
            self.recitals_seen += 1
            self.recital = str(self.recitals_seen)
            return line
        if _THEREFORE.match(line):
            self.recital, self.in_recitals = None, False
            return line
        if _RECITALS.match(line):
            self.in_recitals = True
            return ""
        if _WITNESS.match(line):  # the signature blocks are not part of the last section
            self.article = None
            self._set_section(None, None)
            return line
        if match := _ARTICLE.match(line):
            self.article = match[1]
            self._set_section(None, None)
            self.recital, self.in_recitals = None, False
            return match[2]
        if match := _SECTION_WORD.match(line):
            self._numbered_section(match[1], match[2])
            return match[3]
        if (match := _ROMAN_HEADING.match(line)) and self.section_numbers is None:
            self._set_section(match[1], None)
            self.recital, self.in_recitals = None, False
            return match[2]
        if (match := _NUMBERED.match(line)) and self._plausible(_numbers(match[1])):
            self._numbered_section(match[1], match[3])
            return match[4]
        if match := _LIST_ITEM.match(line):
            return self._list_item(match[1] or match[2] or match[3], match[4])
        if (match := _NUMBERED.match(line)) and match[2] and self.section is not None:
            return self._list_item(match[1], match[4])  # "1." inside a section: a list item
        if match := _BULLET.match(line):
            return self._list_item("", match[1])
        if not self.current and _is_heading(line):
            self.recital, self.in_recitals = None, False  # e.g. "AGREEMENT" after the recitals
            return line
        return None

    def _numbered_section(self, number: str, sublabel: str) -> None:
        self._set_section(number, _numbers(number))
        self.recital, self.in_recitals = None, False
        if sublabel:  # "6.4(a)"
            label = sublabel.strip("()")
            self.lists = [(_label_type(label, []), label)]

    def _set_section(self, section: str | None, numbers: tuple[int, ...] | None) -> None:
        self.section, self.section_numbers = section, numbers
        self.lists, self.bullets = [], 0

    def _plausible(self, numbers: tuple[int, ...]) -> bool:
        """Whether a number starting a line continues the numbering in force: the first
        section, a next sibling at some level (skipping at most one) or a first child."""
        if self.section is not None and self.section_numbers is None:
            return False  # under a roman or lettered section, numbers are list items
        current = self.section_numbers
        if current is None:
            return self.article is not None or (len(numbers) == 1 and numbers[0] <= 2)
        if numbers == (*current, 1):
            return True
        depth = len(numbers)
        if depth > len(current) or numbers[:-1] != current[: depth - 1]:
            return False
        return current[depth - 1] < numbers[-1] <= current[depth - 1] + 2

    def _list_item(self, label: str, body: str) -> str:
        """Enter a list item; "" is a bullet. Returns the item's text."""
        if self.in_recitals and label:
            self.recital = label
            return body
        if self.section is None and label.isupper() and len(label) == 1 and not self.lists:
            self._set_section(label, None)  # "A. PURPOSE" at the top level acts as a section
            return body
        kind = _label_type(label, self.lists) if label else "bullet"
        kinds = [k for k, _ in self.lists]
        if kind in kinds:  # a sibling of an item already open: close the deeper levels
            del self.lists[kinds.index(kind) :]
        if kind == "bullet":
            self.bullets += 1
            label = str(self.bullets)
        self.lists.append((kind, label))
        return body

    def start(self, page: int) -> None:
        self.paragraphs += 1
        self.current = list(self.headings)
        self.headings = []
        self.current_page = page
        self.current_recital = self.recital is not None
        self.current_location = self.location(page)

    def location(self, page: int) -> str:
        parts = [f"exhibit {self.exhibit}"] if self.exhibit else []
        if self.recital is not None:
            return ", ".join([*parts, f"recital {self.recital}"])
        if self.article and (self.section is None or "." not in self.section):
            parts.append(f"article {self.article}")
        labels = "".join(f"({label})" for kind, label in self.lists if kind != "bullet")
        if self.section is not None:
            parts.append(f"section {self.section}{labels}")
        elif labels:
            parts.append(f"item {labels}")
        if self.lists and self.lists[-1][0] == "bullet":
            parts.append(f"item {self.lists[-1][1]}")
        if parts:
            return ", ".join(parts)
        return f"page {page}" if self.kind == "pdf" else f"paragraph {self.paragraphs}"

    def flush(self) -> None:
        if self.current:
            for chunk in _chunks(_join_lines(self.current)):
                self.passages.append(
                    Passage(chunk, self.current_location, self.current_page, self.current_recital)
                )
        self.current = []


def _numbers(label: str) -> tuple[int, ...]:
    return tuple(int(part) for part in label.split("."))


def _label_type(label: str, lists: Sequence[tuple[str, str]]) -> str:
    if label.isdigit():
        return "digit"
    if label in _ROMAN_NUMERALS:
        # "(i)" or "(v)" right after "(h)" or "(u)" is a letter; otherwise a roman numeral.
        letters = [lab for kind, lab in lists if kind == "lower"]
        if not (letters and len(label) == 1 and ord(letters[-1]) == ord(label) - 1):
            return "roman"
    return "upper" if label.isupper() else "lower"


def _is_heading(text: str) -> bool:
    """A caption rather than a clause: short, no sentence, in capitals or title case."""
    words = text.split()
    if not words or len(words) > 10:
        return False
    if text.endswith((";", ":", ",")) or (text.endswith(".") and len(words) > 4):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if sum(c.isupper() for c in letters) >= 0.6 * len(letters):
        return True
    significant = [w for w in words if len(w) > 3]
    return len(words) <= 6 and all(w[0].isupper() for w in significant)


def _typical_width(lines: Sequence[str]) -> int:
    """The length of a full line on the page (the 80th percentile of line lengths)."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _ends_clause(line: str) -> bool:
    """Whether a line ends a sentence or a list item ("...; and")."""
    return line.endswith(_ENDS_SENTENCE) or _LAST_ITEM_JOINER.search(line) is not None


def _paragraph_ended(previous: str, width: int) -> bool:
    return _ends_clause(previous) and len(previous) < 0.8 * width


def _join_lines(lines: Sequence[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line  # a word hyphenated at the end of a PDF line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split())


def _chunks(text: str) -> Iterator[str]:
    """The passage, or consecutive runs of its sentences of at most about MAX_WORDS words."""
    if len(text.split()) <= MAX_WORDS:
        yield text
        return
    chunk: list[str] = []
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z(])", text):
        if chunk and len(" ".join([*chunk, sentence]).split()) > MAX_WORDS:
            yield " ".join(chunk)
            chunk = []
        chunk.append(sentence)
    if chunk:
        yield " ".join(chunk)


def split_passages(doc: ExtractedDocument) -> list[Passage]:
    """The document's passages in reading order, each with its location."""
    splitter = _Splitter(doc.kind)
    for page in doc.pages:
        splitter.feed_page(page.number, page.text)
    splitter.flush()
    return [p for p in splitter.passages if len(_words(p.text)) >= MIN_TOKENS]


# --- Scoring -------------------------------------------------------------------------------


def score_passages(passages: Sequence[Passage]) -> dict[str, list[float]]:
    """Every item's score (0..1) for every passage, in passage order."""
    if not passages:
        return {item: [] for item in ITEM_IDS}
    tokenized = [terms(p.text) for p in passages]
    index = BM25Okapi(tokenized)
    # One mention, in a passage of average length, of a term no other passage uses.
    reference = max(math.log((len(passages) - 1 + 0.5) / 1.5), 0.5)
    cache: dict[str, list[float]] = {}

    def strength(phrasings: Sequence[str]) -> list[float]:
        best = [0.0] * len(passages)
        for phrasing in phrasings:
            term = _phrasing_term(phrasing)
            if term not in cache:
                cache[term] = [float(s) for s in index.get_scores([term])]
            best = [max(a, b) for a, b in zip(best, cache[term], strict=True)]
        return [min(1.0, value / reference) for value in best]

    scores: dict[str, list[float]] = {}
    for item in ITEM_IDS:
        query = QUERIES[item]
        total = sum(c.weight for c in query.concepts)
        combined = [0.0] * len(passages)
        missing = [False] * len(passages)
        for concept in query.concepts:
            for i, value in enumerate(strength(concept.phrasings)):
                combined[i] += concept.weight * value / total
                missing[i] = missing[i] or (concept.required and value == 0.0)
        excluded = strength(query.excluded) if query.excluded else [0.0] * len(passages)
        scores[item] = [
            value
            * (MISSING_REQUIRED if missing[i] else 1.0)
            * (EXCLUDED if excluded[i] > 0 else 1.0)
            * (RECITAL_WEIGHT if passages[i].recital else 1.0)
            for i, value in enumerate(combined)
        ]
    return scores


def propose(doc: ExtractedDocument, *, per_item: int = 3) -> dict[str, list[Proposal]]:
    """For every item, its best passages (one per location) scoring at least MIN_SCORE."""
    passages = split_passages(doc)
    scores = score_passages(passages)
    result: dict[str, list[Proposal]] = {}
    for item in ITEM_IDS:
        ranked = sorted(range(len(passages)), key=lambda i: (-scores[item][i], i))
        proposals: list[Proposal] = []
        seen: set[str] = set()
        for i in ranked:
            if len(proposals) >= per_item or scores[item][i] < MIN_SCORE:
                break
            if passages[i].location in seen:
                continue
            seen.add(passages[i].location)
            proposals.append(
                Proposal(
                    item=item,
                    score=round(scores[item][i], 3),
                    excerpt=excerpt(passages[i].text),
                    location=passages[i].location,
                    rank=len(proposals) + 1,
                )
            )
        result[item] = proposals
    return result


def check(doc: ExtractedDocument) -> list[ItemResult]:
    """One result per required item, in ITEMS order: the best proposal and the decision."""
    proposals = propose(doc, per_item=1)
    results: list[ItemResult] = []
    for item in ITEM_IDS:
        best = proposals[item][0] if proposals[item] else None
        results.append(
            ItemResult(
                item=item,
                required=BY_ID[item].required,
                found=best is not None and best.score >= FOUND_THRESHOLD,
                score=best.score if best else 0.0,
                excerpt=best.excerpt if best else "",
                location=best.location if best else "",
            )
        )
    return results


def excerpt(text: str) -> str:
    """The passage, cut at a word boundary to at most EXCERPT_CHARS characters."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[: EXCERPT_CHARS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:") + "…"
