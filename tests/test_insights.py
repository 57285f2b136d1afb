"""Insights: a coach's figures across workshops, erased ones included through their summaries,
filtered by date and series, as a page, a CSV and a PDF that agree; an admin's view of the
whole deployment without anyone's titles; nothing of another coach's."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import WorkshopSummary
from workshop.services import insights, rehearsals, retention
from workshop.services.insights import Filters

from .helpers import pdf_text, released_board


@pytest.fixture
def three(make_coach, make_workshop):
    """Valeria's three workshops (the first already erased, its summary kept), a rehearsal of
    the last one, and another coach's workshop."""
    valeria = make_coach("valeria@example.org", "Valeria")
    other = make_coach("other@example.org", "Other", admin=True)
    winter = make_workshop(valeria, title="Winter cohort", date=date(2026, 1, 10), series="Uni")
    released_board(
        winter,
        people=9,
        themes={"no_feedback": 9, "self_doubt": 6},
        stages={"screen": (9, 3.0), "first_interview": (6, 2.0)},
        before=(2.0, 9),
        after=(3.5, 9),
    )
    spring = make_workshop(valeria, title="Spring cohort", date=date(2026, 11, 20), series="Uni")
    released_board(
        spring,
        people=12,
        themes={"no_feedback": 12, "rapport": 3},
        stages={"screen": (12, 4.0)},
        before=(2.5, 12),
        after=(4.0, 12),
        follow_up={
            "total": 12,
            "confidence": {"total": 12, "average": 4.2, "bands": []},
            "did_any": 12,
            "actions": [],
            "outcomes": [],
        },
    )
    outplacement = make_workshop(valeria, title="Outplacement", date=date(2026, 12, 1), series="Acme outplacement")
    released_board(outplacement, people=6, themes={"no_feedback": 6}, stages={"screen": (6, 2.0)}, before=(3.0, 6))
    practice = rehearsals.start_rehearsal(outplacement, 12)
    released_board(practice, people=30, themes={"no_feedback": 30, "role_cancelled": 30}, before=(1.0, 30))
    theirs = make_workshop(other, title="Their secret programme", date=date(2026, 11, 25))
    released_board(theirs, people=20, themes={"no_feedback": 20, "career_gap": 10}, stages={"screen": (20, 1.5)})
    assert retention.purge_expired(date(2026, 3, 1)) == 1  # the winter cohort
    assert db.session.scalar(select(func.count(WorkshopSummary.id))) == 1
    return valeria, other


def signed_in(client, login, email="valeria@example.org"):
    login(client, email)
    return client


def test_the_pooled_figures_of_my_workshops(three):
    valeria, _ = three
    figures = insights.pool(insights.gather(valeria.id, Filters()))
    assert (figures["workshops"], figures["people"]) == (3, 27)
    themes = {t["label"]: (t["workshops"], t["count"]) for t in figures["themes"]}
    assert themes == {"No feedback": (3, 27), "Self doubt": (1, 6), "Rapport": (1, 3)}
    pooled = figures["stages"]["pooled"]
    assert pooled["screen"] == {"average": 3.2, "reached": 27}  # (9×3.0 + 12×4.0 + 6×2.0) / 27
    assert pooled["first_interview"] == {"average": 2.0, "reached": 6}
    confidence = figures["confidence"]["pooled"]
    assert confidence["before"] == {"average": 2.4, "total": 27}  # (18 + 30 + 18) / 27
    assert confidence["after"] == {"average": 3.8, "total": 21}  # (31.5 + 48) / 21
    assert confidence["follow_up"] == {"average": 4.2, "total": 12}
    erased = [row["entry"]["erased"] for row in figures["confidence"]["rows"]]
    assert erased == [True, False, False]


def test_the_page_shows_my_workshops_and_nothing_of_anyone_elses(client, login, three):
    page = signed_in(client, login).get("/insights")
    assert page.status_code == 200
    text = page.text
    assert "3 workshops · 27 people took part" in text
    for title in ("Winter cohort", "Spring cohort", "Outplacement"):
        assert title in text
    assert "Their secret programme" not in text and "Career gap" not in text
    assert "Role cancelled" not in text  # the rehearsal's made-up people never count
    assert "kept summary (data erased)" in text and "Delete summary" in text


def test_another_coach_sees_only_their_own(client, login, three):
    page = signed_in(client, login, "other@example.org").get("/insights").text
    assert "1 workshop · 20 people took part" in page
    assert "Winter cohort" not in page and "Spring cohort" not in page


@pytest.mark.parametrize(
    "query, workshops, people",
    [
        ("series=Uni", 2, 21),
        ("series=Acme+outplacement", 1, 6),
        ("from=2026-11-01", 2, 18),
        ("to=2026-11-30", 2, 21),
        ("from=2026-11-21&to=2026-12-31&series=Uni", 0, 0),
    ],
)
def test_filters_by_date_and_series(client, login, three, query, workshops, people):
    page = signed_in(client, login).get(f"/insights?{query}")
    assert page.status_code == 200
    assert re.search(rf"{workshops} workshops? · {people} (people|person) took part", page.text), query


@pytest.mark.parametrize("path", ["/insights", "/insights.csv", "/insights.pdf"])
@pytest.mark.parametrize(
    "query, message",
    [
        ("from=2026-13-01", "Give dates as year-month-day"),
        ("to=yesterday", "Give dates as year-month-day"),
        ("from=2026-12-01&to=2026-01-01", "is after the"),
    ],
)
def test_bad_dates_are_a_400_with_a_message(client, login, three, path, query, message):
    response = signed_in(client, login).get(f"{path}?{query}")
    assert response.status_code == 400
    assert message in response.text


def test_an_admin_sees_the_whole_deployment_without_others_titles(client, login, three):
    page = signed_in(client, login, "other@example.org").get("/insights?scope=all").text
    assert "4 workshops · 47 people took part" in page
    assert "Their secret programme" in page  # their own
    for title in ("Winter cohort", "Spring cohort", "Outplacement"):
        assert title not in page
    assert "A colleague's workshop" in page
    assert "Delete summary" not in page  # not theirs to delete
    csv_text = client.get("/insights.csv?scope=all").text
    assert "Winter cohort" not in csv_text and ",workshops,4," in csv_text


def test_only_an_admin_may_ask_for_everyone(client, login, three):
    response = signed_in(client, login).get("/insights?scope=all")
    assert response.status_code == 403
    assert "Their secret programme" not in response.text
    assert client.get("/insights.csv?scope=all").status_code == 403
    assert client.get("/insights.pdf?scope=all").status_code == 403


def squeezed(text: str) -> str:
    """Text without markup or any white space: how a figure and its count read in any of the three."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", text))


def test_page_csv_and_pdf_show_the_same_figures(client, login, three):
    signed_in(client, login)
    page = squeezed(client.get("/insights").text)
    sheet = client.get("/insights.csv")
    assert sheet.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(sheet.text)))
    pdf = client.get("/insights.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    printed = squeezed(pdf_text(pdf.data))
    assert ["all", "", "workshops", "3", ""] in rows
    assert ["all", "", "people who took part", "27", ""] in rows
    people = [(name, value) for section, name, item, value, _ in rows if section == "workshop"]
    assert people == [
        ("2026-01-10 Winter cohort", "9"),
        ("2026-11-20 Spring cohort", "12"),
        ("2026-12-01 Outplacement", "6"),
    ]
    for name, value in people:
        title = squeezed(name.split(" ", 1)[1])
        assert f"{title}{'Uni' if 'cohort' in title else 'Acmeoutplacement'}{value}" in page, name
        assert f"{title}{'Uni' if 'cohort' in title else 'Acmeoutplacement'}{value}" in printed, name
    assert "3workshops·27peopletookpart" in page and "3workshops·27peopletookpart" in printed
    figures = [  # every average in the CSV, with the number of people behind it
        f"{value}({out_of})" for section, _, _, value, out_of in rows[1:] if re.fullmatch(r"\d\.\d", value)
    ]
    assert {"3.2(27)", "2.0(6)", "2.4(27)", "3.8(21)", "4.2(12)", "3.5(9)", "4.0(12)"} <= set(figures)
    for figure in figures:
        assert figure in page, figure
        assert figure in printed, figure
    themes = [(item, value) for section, _, item, value, _ in rows if section == "theme (people, pooled)"]
    assert themes == [("No feedback", "27"), ("Self doubt", "6"), ("Rapport", "3")]
    for label, count in themes:
        assert f"{label.replace(' ', '')}" in printed and count in printed


def test_insights_needs_a_coach(client, three):
    for path in ("/insights", "/insights.csv", "/insights.pdf"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_coach_pages_link_to_insights(client, login, three):
    assert 'href="/insights"' in signed_in(client, login).get("/workshops/").text


def test_a_workshop_not_yet_erased_shows_the_figures_of_its_cohort_report(client, login, three):
    signed_in(client, login)
    spring = next(
        row["entry"]
        for row in insights.pool(insights.gather(three[0].id, Filters()))["confidence"]["rows"]
        if row["entry"]["title"] == "Spring cohort"
    )
    report = list(csv.reader(io.StringIO(client.get(f"/workshops/{spring['workshop_id']}/report.csv").text)))
    ours = list(csv.reader(io.StringIO(client.get("/insights.csv").text)))
    name = "2026-11-20 Spring cohort"
    assert ["stage average (1-5)", "Recruiter or phone screen", "4.0", "12"] in report
    assert ["stage average (1-5)", name, "Recruiter or phone screen", "4.0", "12"] in ours
    assert ["confidence average (1-5)", "after", "4.0", "12"] in report
    assert ["confidence average (1-5)", name, "after", "4.0", "12"] in ours
    assert ["room", "participants", "12", ""] in report
    assert ["workshop", name, "people who took part", "12", ""] in ours
