"""One annotator's routed way through the corpus (team.routing.Routing), on the files backend."""

from __future__ import annotations

from annotator.team.files import FilesTeamStore
from annotator.team.routing import Routing
from annotator.team.settings import RoutingSettings

IDS = [f"d{n}" for n in range(4)]


def team(tmp_path, clock=lambda: 1000.0):
    settings = RoutingSettings(annotators=("amal", "omar"), leads=("lina",), overlap=1)
    return FilesTeamStore.open(tmp_path, tmp_path, settings, IDS, clock)


def test_an_annotator_resumes_what_they_hold_else_gets_a_new_document(tmp_path):
    amal = Routing(team(tmp_path), "amal", lead=False)
    assert amal.first() == "d0"
    again = Routing(team(tmp_path), "amal", lead=False)
    assert again.first() == "d0"  # still held: the same document, not another
    assert again.next() == "d1"


def test_they_may_open_only_what_was_routed_to_them_and_a_lead_anything(tmp_path):
    amal = Routing(team(tmp_path), "amal", lead=False)
    lina = Routing(team(tmp_path), "lina", lead=True)
    assert amal.first() == "d0"
    assert amal.may_open("d0") and not amal.may_open("d1")
    assert all(lina.may_open(d) for d in IDS)
    assert not lina.routes and lina.next() is None  # a lead only is never handed documents
    lina.saved("d3", "in_progress", 4.0)  # a lead's work counts all the same
    assert lina.team.routed_to("lina") == {"d3"}


def test_leaving_an_untouched_document_gives_it_back_at_once(tmp_path):
    amal = Routing(team(tmp_path), "amal", lead=False)
    omar = Routing(team(tmp_path), "omar", lead=False)
    assert amal.first() == "d0"
    assert amal.next() == "d1"
    amal.saved("d1", "in_progress", 3.0)
    amal.leave("d0")
    amal.leave("d1")
    assert omar.first() == "d0"  # untouched: went back
    assert omar.next() == "d2"  # d1 has amal's work: it stays hers until the lease lapses
    assert amal.may_open("d0")  # once routed to her, she may still look at it
