"""Every word people read is translatable and translated: no visible template text outside
the catalogue, a catalogue that matches the sources (`make translations`), and every
enabled language complete: catalogue, themes and actions."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from workshop.services.languages import DEFAULT, LANGUAGES, TRANSLATIONS_DIR
from workshop.services.plans import load_action_library
from workshop.services.themes import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
OTHER_LANGUAGES = [code for code in LANGUAGES if code != DEFAULT]
# Words that are the same in every language: the product's name.
SAME_EVERYWHERE = {"Rebound"}
READ_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label", "hx-confirm"}


# ---- templates: nothing visible left unmarked ---------------------------------------------

JINJA = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*block body_class\s*%\}.*?\{%\s*endblock\s*%\}", re.S),  # a class name, not text
    re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
]


class VisibleText(HTMLParser):
    """Collects the text a reader sees or hears in what is left of a template."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            wanted = name in READ_ATTRIBUTES or (name == "content" and attributes.get("name") == "description")
            if wanted and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.found.append(data)


def untranslated_text(source: str) -> list[str]:
    for pattern in JINJA:
        source = pattern.sub(" ", source)
    parser = VisibleText()
    parser.feed(source)
    words = []
    for piece in parser.found:
        words += [w for w in re.findall(r"[^\W\d_]{2,}", piece) if w not in SAME_EVERYWHERE]
    return words


def test_the_check_finds_text_that_is_not_marked():
    assert untranslated_text("<p>{% trans %}Marked{% endtrans %} Forgotten</p>") == ["Forgotten"]
    assert untranslated_text('<input placeholder="Your name">') == ["Your", "name"]
    assert untranslated_text('<p title="{{ _(\'Fine\') }}">{{ _("Fine") }} · 3</p>') == []


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")))
def test_every_visible_word_in_a_template_is_marked_for_translation(template):
    assert untranslated_text((TEMPLATES / template).read_text()) == []


# ---- the catalogue matches the sources ----------------------------------------------------


def message_ids(catalogue) -> set[tuple[str, ...]]:
    return {(m.id,) if isinstance(m.id, str) else tuple(m.id) for m in catalogue if m.id}


def makefile_keywords() -> list[str]:
    """The extraction keywords, read from the Makefile so the check extracts exactly as
    `make translations` does."""
    return re.findall(r"--keywords (\S+)", (ROOT / "Makefile").read_text())


DEFAULT_KEYWORDS = {
    "_",
    "gettext",
    "ngettext",
    "ugettext",
    "ungettext",
    "dgettext",
    "dngettext",
    "N_",
    "pgettext",
    "npgettext",
}


def test_every_name_the_app_translates_with_is_extracted():
    """A gettext function imported under a name pybabel does not know (`lazy_gettext as _l`)
    would leave its text out of the catalogue: the coach's form labels stayed English so."""
    keywords = {keyword.split(":")[0] for keyword in makefile_keywords()} | DEFAULT_KEYWORDS
    aliases = set()
    for path in (ROOT / "workshop").rglob("*.py"):
        for match in re.finditer(r"from flask_babel import ([^\n]+)", path.read_text()):
            for name in match.group(1).split(","):
                original, _, alias = name.strip().partition(" as ")
                if "gettext" in original:
                    aliases.add(alias or original)
    assert sorted(aliases - keywords) == []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    keywords = [arg for keyword in makefile_keywords() for arg in ("--keywords", keyword)]
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "extract", "--mapping-file", "babel.cfg", *keywords, "--output-file", str(out), "."],
        cwd=ROOT,
        check=True,
    )
    with out.open("rb") as file:
        return message_ids(read_po(file))


def test_the_committed_template_catalogue_is_up_to_date(extracted):
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as file:
        committed = message_ids(read_po(file))
    assert sorted(extracted - committed) == [], "new text: run `make translations` and translate it"
    assert sorted(committed - extracted) == [], "text no longer used: run `make translations`"


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_each_language_catalogue_has_exactly_the_current_messages(code, extracted):
    with (TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = message_ids(read_po(file))
    assert sorted(extracted - catalogue) == [] and sorted(catalogue - extracted) == []


def test_the_makefile_builds_a_catalogue_for_every_language():
    locales = re.search(r"^LOCALES\s*:=\s*([^#\n]*)", (ROOT / "Makefile").read_text(), re.M).group(1).split()
    assert sorted(locales) == sorted(OTHER_LANGUAGES)


# ---- every enabled language is complete ---------------------------------------------------


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(code):
    with (TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file, locale=code)
    missing = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))
    ]
    assert missing == []
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert problems == []
    for m in catalogue:  # the markup a translation carries is the original's
        if m.id:
            source = m.id if isinstance(m.id, str) else m.id[0]
            target = m.string if isinstance(m.string, str) else m.string[0]
            assert sorted(re.findall(r"</?\w+[^>]*>|\{\w+\}", source)) == sorted(
                re.findall(r"</?\w+[^>]*>|\{\w+\}", target)
            ), m.id


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_theme_has_a_label_and_description(code):
    taxonomy = load_taxonomy()
    language = next((lang for lang in taxonomy.languages if lang.code == code), None)
    assert language is not None, f"workshop/data/themes.{code}.toml is missing"
    for theme in taxonomy.themes:
        found = language.get(theme.id)
        assert found is not None and found.label.strip() and found.description.strip(), theme.id
        assert found.patterns, f"{theme.id} has no {code} patterns"


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_action_has_a_title_and_how(code):
    english = load_action_library()
    translated = load_action_library(language=code)  # raises when an action has no text
    assert [a.id for a in translated] == [a.id for a in english]
    assert all(t.title != e.title and t.how != e.how for t, e in zip(translated, english, strict=True))


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_the_compiled_catalogue_is_current(code):
    """The app reads the compiled .mo (built by the Makefile, never committed): a stale one
    would show yesterday's words."""
    folder = TRANSLATIONS_DIR / code / "LC_MESSAGES"
    po, mo = folder / "messages.po", folder / "messages.mo"
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, "run `make translations-compiled`"
