"""Shared themes: which themes each story signals, and the phrases a room shares that no theme
covers yet ("emerging"). Plain data in and out; no Flask.

    taxonomy = load_taxonomy()
    match_story("They ghosted me after the final round.", taxonomy)
    -> [ThemeMatch(theme_id="no_feedback", label="No feedback, or ghosted", evidence=("ghosted",))]

The taxonomy lives in workshop/data/themes.toml (see the guide at its top), with the same
themes in Indonesian and Malay in themes.id.toml and themes.ms.toml; every story is matched
against all three. `model` reads the files and matches a story, `lexicon` reads a word in
one language, `patterns` compiles the pattern language, `text` splits a story into words,
`match` runs the patterns, `fallback` guesses a theme no pattern found, `emerging` finds
the phrases.
"""

from .emerging import emerging_phrases
from .lexicon import MatchingRules
from .model import Language, Phrase, Taxonomy, Theme, ThemeMatch, load_taxonomy, match_story, phrase_theme

__all__ = [
    "Language",
    "MatchingRules",
    "Phrase",
    "Taxonomy",
    "Theme",
    "ThemeMatch",
    "emerging_phrases",
    "load_taxonomy",
    "match_story",
    "phrase_theme",
]
