"""Where an action returns to (`next`): only a path on this site. A value that is not a path
was read by `redirect` as a view's name, and a made-up one was a server error (found by the
adversarial test of issue 23: `next=a%0Ab` on starting a security audit)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import Demo, current_code
from sro.core.views import local_next

HOSTILE = [
    "a\nb",
    "foo",
    "incidents:list",
    "//evil.example/",
    "https://evil.example/x",
    "/\\evil",
    "/ok\r\nSet-Cookie: x=1",
    " /home/",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_anything_but_a_local_path_goes_to_the_default(target: str) -> None:
    request = RequestFactory().post("/")
    assert local_next(request, target, "/safety/audits/") == "/safety/audits/"


@pytest.mark.parametrize("target", ["/incidents/", "/safety/audits/?school=x#top"])
def test_a_local_path_is_kept(target: str) -> None:
    assert local_next(RequestFactory().post("/"), target, "/home/") == target


def test_a_view_name_as_default_is_resolved() -> None:
    assert local_next(RequestFactory().get("/"), None, "home") == "/home/"


@pytest.mark.parametrize("target", HOSTILE)
def test_a_refused_audit_start_returns_to_a_page_of_the_site(
    demo: Demo, clients: dict[str, Client], target: str
) -> None:
    school = demo.schools["Central Lakes High School"]
    response = clients["chief"].post(f"/safety/schools/{school.pk}/audit/start/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("safety:audit_list")  # refused, and back to the list


@pytest.mark.parametrize("target", HOSTILE)
def test_the_second_factor_goes_on_to_a_page_of_the_site(demo: Demo, target: str) -> None:
    client = Client()
    client.force_login(demo.users["records"])
    response: Any = client.post("/account/two-factor/", {"token": current_code(), "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/home/"
