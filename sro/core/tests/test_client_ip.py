"""The client's address: REMOTE_ADDR, unless the request came from a configured trusted proxy,
whose header then names the client (the rightmost hop of X-Forwarded-For that is not itself a
trusted proxy, or X-Real-IP). A header a client sends itself is never believed."""

from __future__ import annotations

import re

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings

from sro.core.client_ip import client_ip


def _request(remote: str = "203.0.113.5", **headers: str) -> HttpRequest:
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


FORGED = {"HTTP_X_FORWARDED_FOR": "198.51.100.1", "HTTP_X_REAL_IP": "198.51.100.2"}


def test_without_trusted_proxies_forwarded_headers_are_ignored() -> None:
    assert client_ip(_request("203.0.113.5", **FORGED)) == "203.0.113.5"
    assert client_ip(_request("127.0.0.1", **FORGED)) == "127.0.0.1"


@override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_a_header_from_an_untrusted_address_is_ignored() -> None:
    assert client_ip(_request("203.0.113.5", **FORGED)) == "203.0.113.5"


@override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        pytest.param("198.51.100.1", "198.51.100.1", id="one hop"),
        pytest.param(" 198.51.100.1 ", "198.51.100.1", id="spaces"),
        # The client's own claim (left) is passed over: the proxy appended what it saw.
        pytest.param("192.0.2.66, 198.51.100.1", "198.51.100.1", id="forged hop before"),
        # Trusted proxies are skipped from the right; the first other hop is the client.
        pytest.param("192.0.2.66, 198.51.100.1, 10.1.2.3", "198.51.100.1", id="two proxies"),
        pytest.param("10.9.9.9, 10.1.2.3", "10.9.9.9", id="every hop trusted"),
        pytest.param("2001:DB8::1", "2001:db8::1", id="IPv6 written in capitals"),
        # Nothing usable: the proxy's own address, shared by all, never one the client chose.
        pytest.param("", "127.0.0.1", id="empty"),
        pytest.param("not-an-address", "127.0.0.1", id="garbage"),
        pytest.param("198.51.100.1:4431", "127.0.0.1", id="with a port"),
        pytest.param("198.51.100.1, junk", "127.0.0.1", id="garbage at the right"),
    ],
)
def test_from_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(
    forwarded: str, client: str
) -> None:
    assert client_ip(_request("127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)) == client


@override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1"])
def test_without_the_header_a_trusted_proxy_is_the_client() -> None:
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


@override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1"], SRO_CLIENT_IP_HEADER="X-Real-IP")
def test_x_real_ip_when_the_proxy_sets_that_header() -> None:
    assert client_ip(_request("127.0.0.1", **FORGED)) == "198.51.100.2"
    assert client_ip(_request("127.0.0.1", HTTP_X_REAL_IP="1.2.3.4, 5.6.7.8")) == "127.0.0.1"
    assert client_ip(_request("203.0.113.5", **FORGED)) == "203.0.113.5"


@override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_addresses_are_written_one_way() -> None:
    """gunicorn listening on an IPv6 socket shows an IPv4 proxy as ::ffff:127.0.0.1."""
    assert client_ip(_request("::ffff:127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")) == (
        "198.51.100.1"
    )
    assert client_ip(_request("::1", HTTP_X_FORWARDED_FOR="198.51.100.1")) == "198.51.100.1"
    assert client_ip(_request("2001:0DB8:0::0001")) == "2001:db8::1"


def test_no_address_at_all() -> None:
    """A Unix socket gives no REMOTE_ADDR."""
    request = _request()
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None


# The request id written into every audit event and access-log entry is the same kind of claim.


def test_a_request_id_sent_by_a_client_is_not_used(client: Client) -> None:
    response = client.get("/login/", HTTP_X_REQUEST_ID="someone-elses-request-1")
    assert response["X-Request-ID"] != "someone-elses-request-1"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_request_id_from_a_trusted_proxy_is_used(client: Client) -> None:
    """nginx sets X-Request-ID to its own $request_id: its log and the audit trail share it."""
    nginx_id = "0123456789abcdef0123456789abcdef"
    assert client.get("/login/", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == nginx_id
    forged = client.get("/login/", REMOTE_ADDR="203.0.113.5", HTTP_X_REQUEST_ID=nginx_id)
    assert forged["X-Request-ID"] != nginx_id
