"""The abuse and bad-input suite, split by what an attacker tries.

  test_routes.py     the route inventory: every endpoint classified by who may reach it
  test_idor.py       every route, requested by people it does not belong to
  test_limits.py     guessing join codes and recovery codes (rate limits on)
  test_requests.py   oversized and odd requests, odd values in paths, fields and cookies
                     (odd path values the router refuses before our code runs are one test)
  test_injection.py  markup, htmx attributes, Jinja and CSS typed into every field
  test_csrf.py       forged, missing and cross-site form posts
  test_headers.py    framing, CSP and caching headers
  test_phases.py     wrong-phase posts, replayed submissions, "me too" off the board

Most modules build one room for the whole module (the `module_app` fixture in conftest.py)
and check, case by case, that nothing in the database changed; the whole suite runs in well
under a minute. helpers.py holds the route inventory (ROUTES) and what the modules share.
"""
