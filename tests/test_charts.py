"""The report's charts, drawn without Flask: readable without colour, with a text alternative,
and with every label escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from workshop.services.charts import Bar, Point, bar_chart, slope_chart

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [node.text for node in ET.fromstring(svg).iter(f"{SVG}text")]


def test_bars_carry_their_labels_and_numbers_on_the_chart():
    svg = bar_chart(
        [Bar("Phone screen", 3.5, "8 rated"), Bar("Offer", None)],
        title="Stages",
        description="Phone screen 3.5; Offer: fewer than 3",
        missing="fewer than 3",
    )
    words = texts(svg)
    assert "Phone screen" in words and "3.5 (8 rated)" in words
    assert "Offer" in words and "fewer than 3" in words
    assert len(ET.fromstring(svg).findall(f"{SVG}rect")) == 1  # no bar for a hidden stage


def test_a_longer_average_draws_a_longer_bar():
    svg = bar_chart([Bar("a", 2.0), Bar("b", 4.0)], title="t", description="d", missing="-")
    short, long = (float(rect.get("width")) for rect in ET.fromstring(svg).iter(f"{SVG}rect"))
    assert long == 2 * short


def test_every_chart_has_a_text_alternative():
    for svg in (
        bar_chart([Bar("a", 2.0)], title="Stage title", description="Stage summary", missing="-"),
        slope_chart([Point("Start", 2.5)], title="Stage title", description="Stage summary", missing="-"),
    ):
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-label") == "Stage summary"
        assert root.find(f"{SVG}title").text == "Stage title"
        assert root.find(f"{SVG}desc").text == "Stage summary"


def test_the_slope_chart_labels_each_moment_and_joins_only_shown_neighbours():
    svg = slope_chart(
        [
            Point("At the start", 2.4, "12 answered"),
            Point("At the end", 3.8, "11 answered"),
            Point("At follow-up", None),
        ],
        title="Confidence",
        description="2.4, 3.8, fewer than 3",
        missing="fewer than 3",
    )
    words = texts(svg)
    for word in ("At the start", "2.4", "12 answered", "At the end", "3.8", "At follow-up", "fewer than 3"):
        assert word in words
    root = ET.fromstring(svg)
    assert len(root.findall(f"{SVG}circle")) == 2
    joins = [line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "0.6"]
    assert len(joins) == 1  # start to end; nothing to the hidden follow-up


def test_a_higher_value_sits_higher():
    root = ET.fromstring(slope_chart([Point("a", 2.0), Point("b", 4.0)], title="t", description="d", missing="-"))
    low, high = (float(c.get("cy")) for c in root.iter(f"{SVG}circle"))
    assert high < low


def test_labels_are_escaped():
    svg = bar_chart([Bar('<script>"x"</script>', 3.0)], title="<b>", description='"&', missing="-")
    assert "<script>" not in svg and "<b>" not in svg
    assert ET.fromstring(svg) is not None  # still well-formed
    assert re.search(r'aria-label="&quot;&amp;"', svg)
