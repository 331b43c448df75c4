"""The address `annotator serve` prints is one a person can open."""

from __future__ import annotations

import socket

import pytest

from annotator.serve.server import address_url


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8080/"),
        ("::1", "http://[::1]:8080/"),
        ("example.org", "http://example.org:8080/"),
    ],
)
def test_a_named_address_is_printed_as_given(host: str, url: str) -> None:
    assert address_url(host, 8080) == url


@pytest.mark.parametrize("wildcard", ["0.0.0.0", "::"])
def test_every_interface_is_printed_as_this_machines_name(wildcard: str) -> None:
    url = address_url(wildcard, 8080)
    assert url == f"http://{socket.gethostname()}:8080/"
    assert wildcard not in url.removeprefix("http://")
