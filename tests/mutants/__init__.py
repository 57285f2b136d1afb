"""Mutation checks on the promise modules (`make mutants`): run.py, promises.toml, and the
lists of equivalent mutants and known survivors."""
