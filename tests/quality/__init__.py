"""Language-quality harness: a labelled story corpus and the figures measured on it."""
