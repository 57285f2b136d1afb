"""The route inventory: a route added without being classified in helpers.ROUTES fails here,
so nobody can forget to think about who may reach it."""

from __future__ import annotations

from .helpers import ROUTES, url_rules


def test_every_route_is_classified():
    endpoints = {endpoint for endpoint, _, _ in url_rules()}
    unclassified = endpoints - set(ROUTES)
    assert not unclassified, f"classify these routes in tests/abuse/helpers.py ROUTES: {sorted(unclassified)}"
    stale = set(ROUTES) - endpoints
    assert not stale, f"these classified routes no longer exist: {sorted(stale)}"


def test_every_route_under_a_workshop_code_or_id_is_guarded():
    """Routes with a workshop in the URL are never 'public' or 'coach'-wide."""
    for endpoint, rule, _ in url_rules():
        if "<code>" in rule:
            assert ROUTES[endpoint] in ("entry", "participant"), endpoint
        if "workshop_id" in rule:
            assert ROUTES[endpoint] == "coach_workshop", endpoint
        if "<token>" in rule:
            assert ROUTES[endpoint] == "link", endpoint
