"""axe-core in the page: WCAG 2.1 A and AA rules; serious or critical findings fail a test."""

from __future__ import annotations

import json
from typing import Any

import pytest

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Run axe on the page as it is now; return its violations.

    The site's Content-Security-Policy refuses inline scripts, so axe is evaluated through the
    DevTools protocol (page.evaluate), which the policy does not govern.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    result = page.evaluate(f"() => window.axe.run(document, {options})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v.get('helpUrl', '')}>")
        for node in v["nodes"]:
            lines.append(f"    target: {' '.join(map(str, node['target']))}")
            lines.append(f"      html: {node['html'][:240]}")
            why = " ".join((node.get("failureSummary") or "").split())
            if why:
                lines.append(f"      why:  {why[:400]}")
    return "\n".join(lines)


def assert_no_serious_violations(page: Any, axe_source: str, where: str) -> None:
    bad = [v for v in run_axe(page, axe_source) if v.get("impact") in FAILING_IMPACTS]
    if bad:
        report = f"axe: serious or critical WCAG 2.1 A/AA violations on {where}:\n" + describe(bad)
        print(report)
        pytest.fail(report, pytrace=False)
