"""Measure the contract clause finder on the sample agreements.

    .venv/bin/python bench/clause_finder.py [--format txt|docx|pdf] [--repeat 5] [--errors]

Runs ``sro.contracts.finder`` over every agreement in ``sro/contracts/samples`` and compares
it with ``labels.json`` (where each item is truly covered, or ``[]`` when it is absent):

- found: document-level precision and recall of the finder's decision that an item is present;
- location: whether the top proposal's location is a labelled one, over the items that are
  present (recall) and over those the finder also found (precision). A proposal inside a
  labelled section counts ("section 6.2" for a label "section 6");
- P@3: of the proposals shown (up to three per item), the share at a labelled location, over
  the present items; hit@3: the share of present items with a labelled location among them.

Figures are given per item and micro-averaged over the tuning documents, the held-out
documents (not looked at while tuning the queries and the threshold) and all of them, with the
median time to extract and check one document. ``--errors`` lists every wrong decision.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sro.contracts.extract import extract  # noqa: E402
from sro.contracts.finder import FOUND_THRESHOLD, Proposal, propose  # noqa: E402
from sro.contracts.samples import (  # noqa: E402
    labels,
    sample_docx,
    sample_names,
    sample_pdf,
    sample_text,
)
from sro.rules.contracts import ITEM_IDS  # noqa: E402

# Kept out of tuning: written with the rest of the corpus, run only to report.
HELD_OUT = frozenset({"river-junction-2025", "sibley-prairie-amendment-2024", "granite-ridge-2018"})


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    present: int = 0
    location_right: int = 0  # present items whose top proposal is at a labelled location
    found_and_present: int = 0
    found_location_right: int = 0
    shown: int = 0  # proposals shown for present items (at most 3 each)
    shown_right: int = 0
    hit3: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Run:
    tallies: dict[str, dict[str, Tally]] = field(default_factory=dict)  # document -> item
    seconds: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def at_labelled(location: str, labelled: Iterable[str]) -> bool:
    return any(
        location == label or (location.startswith(label) and location[len(label)] in ".(,")
        for label in labelled
    )


def upload(name: str, kind: str) -> tuple[bytes, str]:
    """The sample's bytes in the given format, and a file name to match."""
    if kind == "docx":
        return sample_docx(name), f"{name}.docx"
    if kind == "pdf":
        return sample_pdf(name), f"{name}.pdf"
    return sample_text(name).encode(), f"{name}.txt"


def evaluate(
    name: str, proposals: dict[str, list[Proposal]], truth: dict[str, list[str]]
) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for item in ITEM_IDS:
        tally = Tally()
        shown, labelled = proposals[item], truth[item]
        found = bool(shown) and shown[0].score >= FOUND_THRESHOLD
        present = bool(labelled)
        tally.tp, tally.fp, tally.fn = (
            found and present,
            found and not present,
            present and not found,
        )
        if present:
            tally.present = 1
            right = [at_labelled(p.location, labelled) for p in shown]
            tally.location_right = int(bool(right) and right[0])
            tally.found_and_present = int(found)
            tally.found_location_right = int(found and right[0])
            tally.shown, tally.shown_right, tally.hit3 = len(right), sum(right), int(any(right))
        tallies[item] = tally
    return tallies


def describe_errors(
    name: str, proposals: dict[str, list[Proposal]], truth: dict[str, list[str]]
) -> list[str]:
    lines = []
    for item in ITEM_IDS:
        shown, labelled = proposals[item], truth[item]
        top = shown[0] if shown else None
        found = top is not None and top.score >= FOUND_THRESHOLD
        where = f"{top.location} ({top.score:.3f})" if top else "no proposal"
        if found and not labelled:
            lines.append(f"{name}: {item}: false positive at {where}")
        elif labelled and not found:
            lines.append(f"{name}: {item}: missed, labelled {labelled}; best {where}")
        elif labelled and top and not at_labelled(top.location, labelled):
            lines.append(f"{name}: {item}: top location {where}, labelled {labelled}")
    return lines


def run(kind: str, repeat: int) -> Run:
    truth = labels()
    result = Run()
    for name in sample_names():
        data, filename = upload(name, kind)
        times = []
        proposals: dict[str, list[Proposal]] = {}
        for _ in range(repeat):
            start = time.perf_counter()
            proposals = propose(extract(data, filename), per_item=3)
            times.append(time.perf_counter() - start)
        result.seconds[name] = times
        result.tallies[name] = evaluate(name, proposals, truth[name])
        result.errors.extend(describe_errors(name, proposals, truth[name]))
    return result


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.3f}" if whole else "     -"


def print_table(title: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{title}")
    print(
        f"{'item':24} {'found P':>7} {'found R':>7} {'loc P':>6} {'loc R':>6} {'P@3':>6} "
        f"{'hit@3':>6}  tp fp fn"
    )
    total = Tally()
    for item, tally in tallies.items():
        total.add(tally)
        print_row(item, tally)
    print_row("overall (micro)", total)


def print_row(label: str, t: Tally) -> None:
    print(
        f"{label:24} {ratio(t.tp, t.tp + t.fp):>7} {ratio(t.tp, t.tp + t.fn):>7} "
        f"{ratio(t.found_location_right, t.found_and_present)} "
        f"{ratio(t.location_right, t.present)} {ratio(t.shown_right, t.shown)} "
        f"{ratio(t.hit3, t.present)}  {t.tp:2} {t.fp:2} {t.fn:2}"
    )


def by_item(result: Run, names: Iterable[str]) -> dict[str, Tally]:
    combined = {item: Tally() for item in ITEM_IDS}
    for name in names:
        for item, tally in result.tallies[name].items():
            combined[item].add(tally)
    return combined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=["txt", "docx", "pdf"], default="txt")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per document")
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    args = parser.parse_args()

    result = run(args.format, max(1, args.repeat))
    names = sample_names()
    tuning = [n for n in names if n not in HELD_OUT]
    held_out = [n for n in names if n in HELD_OUT]
    print(
        f"Clause finder on {len(names)} sample agreements ({args.format}), "
        f"FOUND_THRESHOLD = {FOUND_THRESHOLD}"
    )
    print_table(f"Tuning documents ({len(tuning)})", by_item(result, tuning))
    print_table(
        f"Held-out documents ({len(held_out)}): {', '.join(held_out)}", by_item(result, held_out)
    )
    print_table(f"All documents ({len(names)})", by_item(result, names))
    medians = [statistics.median(times) for times in result.seconds.values()]
    median_ms, slowest_ms = statistics.median(medians) * 1000, max(medians) * 1000
    print(
        f"\nMedian time to extract and check one document: {median_ms:.1f} ms "
        f"(slowest document {slowest_ms:.1f} ms; PDF/DOCX building not timed)"
    )
    if args.errors:
        print("\nErrors:")
        print("\n".join(result.errors) or "none")


if __name__ == "__main__":
    main()
