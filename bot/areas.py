"""Areas: deep-link payloads, places named in questions, and the links returning officers share."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.model import NATIONS, Areas, Prefs
from bot.text import fold

PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""What Telegram allows in a /start payload."""
SEPARATOR = "_"
"""Between the area and the election type in a payload: west-yorkshire_local."""


def parse_payload(areas: Areas, payload: str | None) -> Prefs | None:
    """Read a /start payload naming a force or nation, optionally with an election type."""
    if not payload or not PAYLOAD.match(payload):
        return None
    place, _, election = payload.lower().partition(SEPARATOR)
    if election and election not in areas.elections:
        return None
    force = areas.forces.get(place)
    if force is not None:
        prefs = Prefs(nation=force.nation, area=force.id, election=election or None)
    elif place in NATIONS:
        prefs = Prefs(nation=place, election=election or None)
    else:
        return None
    if election and prefs.nation not in areas.elections[election].nations:
        return None
    return prefs


def make_payload(area: str, election: str | None = None) -> str:
    """The payload for a force or nation id and an optional election type."""
    return f"{area}{SEPARATOR}{election}" if election else area


def find_place(areas: Areas, text: str) -> Prefs | None:
    """A force or nation named in a question ('I'm standing in Glasgow'), if any."""
    return next(_places_named(areas, text), None)


def nations_named(areas: Areas, text: str) -> set[str]:
    """Every nation a text names, itself or by a place in it ("cardiff or belfast": two)."""
    return {prefs.nation for prefs in _places_named(areas, text) if prefs.nation}


def _places_named(areas: Areas, text: str) -> Iterator[Prefs]:
    """Each force a text names by one of its places, then each nation it names, in file order."""
    words = f" {fold(text)} "
    for force in areas.forces.values():
        if any(f" {fold(place)} " in words for place in force.places):
            yield Prefs(nation=force.nation, area=force.id)
    for nation in areas.nations.values():
        if any(f" {fold(name)} " in words for name in (nation.name, *nation.words)):
            yield Prefs(nation=nation.id)


def describe(areas: Areas, prefs: Prefs) -> str:
    """The area in words: 'West Yorkshire', 'Scotland', or '' when none is set."""
    if prefs.area and prefs.area in areas.forces:
        return areas.forces[prefs.area].area
    if prefs.nation and prefs.nation in areas.nations:
        return areas.nations[prefs.nation].name
    return ""
