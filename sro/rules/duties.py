"""The seven duties of a school resource officer, Minn. Stat. 626.8482, subd. 2(a), clause by
clause, in the statute's words as this product quotes them."""

from collections.abc import Mapping
from types import MappingProxyType

DUTIES: Mapping[int, str] = MappingProxyType(
    {
        1: "fostering a positive school climate through relationships and open communication",
        2: "protecting students, staff and visitors from criminal activity",
        3: "serving as a liaison from law enforcement to school officials",
        4: "advising on safety drills",
        5: "identifying vulnerabilities in facilities and safety protocols",
        6: "educating and advising students and staff on law-enforcement topics",
        7: "enforcing criminal laws",
    }
)


def duty_citation(clause: int) -> str:
    if clause not in DUTIES:
        raise ValueError(f"Subd. 2(a) has clauses (1) to (7), not ({clause}).")
    return f"Minn. Stat. 626.8482, subd. 2(a)({clause})"
