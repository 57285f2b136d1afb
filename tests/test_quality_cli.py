"""The CLIs used to check quality from outside agree with the service faces on corpus stories."""

from __future__ import annotations

import json

import pytest

from tests.quality.corpus import load_stories
from workshop.services.redaction import redact
from workshop.services.themes import load_taxonomy, match_story


@pytest.fixture(scope="module")
def stories():
    dev = load_stories(["dev"])
    # A spread of voices and styles: the first story of every group, plus the informal writers.
    chosen = {s.group: s for s in reversed(dev)}
    return [*chosen.values(), *(s for s in dev if s.style != "plain")][:16]


def _lines(tmp_path, records) -> str:
    path = tmp_path / "stories.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_redact_cli_gives_the_same_spans_and_text_as_the_service(runner, tmp_path, stories):
    path = _lines(tmp_path, [{"id": s.id, "text": s.text} for s in stories])
    result = runner.invoke(args=["redact", path])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.output.splitlines()]
    assert [p["id"] for p in printed] == [s.id for s in stories]
    for story, line in zip(stories, printed, strict=True):
        expected = redact(story.text)
        assert line["text"] == expected.redacted
        assert line["spans"] == [{"start": r.start, "end": r.end, "kind": r.kind} for r in expected.spans]
    assert any(line["spans"] for line in printed)


def test_themes_cli_gives_the_same_themes_and_evidence_as_the_service(runner, tmp_path, stories):
    redacted = {s.id: redact(s.text).redacted for s in stories}
    path = _lines(tmp_path, [{"id": ident, "text": text} for ident, text in redacted.items()])
    result = runner.invoke(args=["themes", path])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.output.splitlines()]
    taxonomy = load_taxonomy()
    assert [p["id"] for p in printed] == list(redacted)
    for line in printed:
        expected = match_story(redacted[line["id"]], taxonomy)
        assert [(t["id"], t["evidence"]) for t in line["themes"]] == [(m.theme_id, list(m.evidence)) for m in expected]
    assert any(line["themes"] for line in printed)
