"""`{% yes_no value %}`: "Yes" or "No" for a true or false value, each answer given whole.

Django's `yesno` filter takes both answers in one argument split on commas, so an answer with a
comma in it (a citation such as "Minn. Stat. 626.8482, subd. 3(c)") was cut up, and the page
showed "subd. 3(c))" where it meant "No". Here each answer is its own argument and is never split.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def yes_no(value: Any, yes: str = "Yes", no: str = "No") -> str:
    """`yes` when the value is true, else `no` (None, an unknown, reads as no)."""
    return yes if value else no
