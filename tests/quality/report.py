"""`python -m tests.quality.report`: the language-quality report, dev and held-out side by side.

Prints redaction and theme figures per split, per voice group and per language, then the worst
misses on the DEV split to guide tuning. Held-out misses are never printed unless asked for with
--show-heldout-misses, which is for the final check after tuning is over (reading them while
tuning turns the held-out set into a second dev set).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from fnmatch import fnmatchcase

from workshop.services.themes import load_taxonomy

from .corpus import FOLD_SEED, HELDOUT_MANIFEST, PRIVATE_KINDS, SPLITS, Span, fold_of, heldout_manifest, load_stories
from .measure import Outcome, file_figures, fold_figures, run, summarise, validation_file
from .score import LEAK_KINDS
from .train_words import learn

SPLIT_NAMES = {"dev": "dev", "heldout": "held-out", "tuning": "tuning", "validation": "validation"}
_ORDER = {kind: i for i, kind in enumerate((*LEAK_KINDS, "name", "employer", "address", "reference"))}


def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _row(label: str, cells: Sequence[str], width: int = 24) -> str:
    return f"  {label:<34}" + "".join(f"{cell:<{width}}" for cell in cells)


def _timing(t: dict) -> str:
    return f"mean {_num(t['mean_ms'], 2)}  p95 {_num(t['p95_ms'], 2)}"


def print_summary(figures: dict, out=None) -> None:
    out = out or sys.stdout
    splits = list(figures["splits"])
    every = {s: figures["splits"][s]["all"] for s in splits}
    names = [SPLIT_NAMES.get(s, s) for s in splits]
    counts = ", ".join(f"{SPLIT_NAMES.get(s, s)} {n}" for s, n in figures["corpus"]["stories"].items())
    recorded = HELDOUT_MANIFEST.read_text(encoding="utf-8") if HELDOUT_MANIFEST.exists() else ""
    state = "matches HELDOUT.sha256" if recorded == heldout_manifest() else "DOES NOT MATCH HELDOUT.sha256"
    print("LANGUAGE QUALITY: redaction and theme suggestions (tests/quality)", file=out)
    print(f"Stories: {counts}. Held-out set sha256 {figures['corpus']['heldout_sha256']} ({state}).", file=out)
    print("Redaction runs without a coach's employer list; themes are matched on the redacted text.", file=out)
    print("Times are warm, per story, on this machine: indicative only.", file=out)

    print("\nREDACTION" + " " * 27 + "".join(f"{n:<24}" for n in names), file=out)
    for kind in PRIVATE_KINDS:
        cells = []
        for s in splits:
            r = every[s]["redaction"]["recall"][kind]
            cells.append(f"{_num(r['recall'])} ({r['hidden']}/{r['total']})")
        print(_row(f"recall: {kind}", cells), file=out)
    print(
        _row(
            "name+employer recall",
            [
                f"{_num(every[s]['redaction']['name_employer_recall'])} "
                f"({every[s]['redaction']['name_employer']['hidden']}/{every[s]['redaction']['name_employer']['total']})"
                for s in splits
            ],
        ),
        file=out,
    )
    print(
        _row(
            "  ... every review hint taken",
            [
                f"{_num(every[s]['redaction']['hints']['name_employer_recall'])} "
                f"(damage {_pct(every[s]['redaction']['hints']['keep_damage'])})"
                for s in splits
            ],
        ),
        file=out,
    )
    print(
        _row(
            "  review hints per story (useful)",
            [
                f"{_num(every[s]['redaction']['hints']['per_story'], 2)} "
                f"({_pct(every[s]['redaction']['hints']['useful'])})"
                for s in splits
            ],
        ),
        file=out,
    )
    print(_row("leaks: email/phone/link/handle", [str(every[s]["redaction"]["leaks"]) for s in splits]), file=out)
    print(
        _row(
            "hard-negative damage",
            [
                f"{_pct(every[s]['redaction']['keep_damage'])} "
                f"({every[s]['redaction']['keeps']['damaged']}/{every[s]['redaction']['keeps']['total']})"
                for s in splits
            ],
        ),
        file=out,
    )
    print(
        _row(
            "ordinary-word damage",
            [
                f"{_pct(every[s]['redaction']['word_damage'])} "
                f"({every[s]['redaction']['words']['damaged']}/{every[s]['redaction']['words']['total']})"
                for s in splits
            ],
        ),
        file=out,
    )
    print(_row("time per story, ms", [_timing(every[s]["redaction"]["time"]) for s in splits]), file=out)

    print("\nTHEMES" + " " * 30 + "".join(f"{n + ': P / R / F1 (n, suggested)':<36}" for n in names), file=out)
    for theme in every[splits[0]]["themes"]["per_theme"]:
        cells = []
        for s in splits:
            t = every[s]["themes"]["per_theme"][theme]
            cells.append(
                f"{_num(t['precision'], 2)} / {_num(t['recall'], 2)} / {_num(t['f1'], 2)} "
                f"({t['support']}, {t['suggested']})"
            )
        print(_row(theme, cells, 36), file=out)
    print(
        _row(
            "micro P / R / F1",
            [
                f"{_num(every[s]['themes']['micro_precision'])} / {_num(every[s]['themes']['micro_recall'])} / "
                f"{_num(every[s]['themes']['micro_f1'])}"
                for s in splits
            ],
            36,
        ),
        file=out,
    )
    print(_row("coverage", [_num(every[s]["themes"]["coverage"]) for s in splits], 36), file=out)
    print(_row("pairwise theme-sharing F1", [_num(every[s]["themes"]["pairwise_f1"]) for s in splits], 36), file=out)
    print(
        _row(
            "no-theme stories given a theme",
            [f"{every[s]['themes']['no_theme_suggested']} of {every[s]['themes']['no_theme_stories']}" for s in splits],
            36,
        ),
        file=out,
    )
    print(_row("time per story, ms", [_timing(every[s]["themes"]["time"]) for s in splits], 36), file=out)

    print("\nBY VOICE GROUP AND LANGUAGE", file=out)
    header = ("stories", "name+emp", "leaks", "keep dmg", "word dmg", "micro-F1", "coverage", "pair-F1")
    print(f"  {'':<22}{'':<10}" + "".join(f"{h:>10}" for h in header), file=out)
    sections = [(f"lang {lang}", "langs", lang) for lang in _keys(figures, "langs")]
    for label, kind, key in [(g, "groups", g) for g in _keys(figures, "groups")] + sections:
        for s, name in zip(splits, names, strict=True):
            f = figures["splits"][s][kind].get(key)
            if f is None:
                continue
            r, t = f["redaction"], f["themes"]
            cells = (
                str(f["stories"]),
                _num(r["name_employer_recall"]),
                str(r["leaks"]),
                _pct(r["keep_damage"]),
                _pct(r["word_damage"]),
                _num(t["micro_f1"]),
                _num(t["coverage"]),
                _num(t["pairwise_f1"]),
            )
            print(f"  {label:<22}{name:<10}" + "".join(f"{c:>10}" for c in cells), file=out)
            label = ""


def print_folds(figures: dict, folds: int, validate: Sequence[int], out=None) -> None:
    """Per-fold redaction figures of the dev split: overall, then per language."""
    out = out or sys.stdout
    print(f"\nVALIDATION FOLDS (dev dealt into {folds} folds by story file, seed {FOLD_SEED!r})", file=out)
    rows = [(f"fold {n}" + (" (validate)" if n in validate else ""), f) for n, f in figures["folds"].items()]
    if validate:
        rows += [("tuning folds", figures["tuning"]), ("validation folds", figures["validation"])]
    _print_pooled(rows, out)


def print_files(figures: dict, out=None) -> None:
    """Redaction figures of the dev files tuned on and of those held back for validation."""
    out = out or sys.stdout
    held = "dev story files named " + ", ".join(figures["patterns"])
    if figures["folds"]:
        dealt = figures["folds"]
        held += f" (their folds {', '.join(map(str, dealt['validate']))} of {dealt['folds']})"
    print(f"\nVALIDATION FILES ({held} are held back from tuning)", file=out)
    _print_pooled([("tuning files", figures["tuning"]), ("validation files", figures["validation"])], out)


def _print_pooled(rows: list[tuple[str, dict]], out) -> None:
    langs = sorted({lang for _, f in rows for lang in f["langs"]})
    header = ("stories", "name+emp", "leaks", "keep dmg", "word dmg") + tuple(f"{lang} n+e/dmg" for lang in langs)
    print(f"  {'':<22}" + "".join(f"{h:>15}" for h in header), file=out)
    for label, f in rows:
        r = f["all"]
        cells = [str(f["stories"]), _num(r["name_employer_recall"]), str(r["leaks"])]
        cells += [_pct(r["keep_damage"]), _pct(r["word_damage"])]
        for lang in langs:
            lr = f["langs"].get(lang)
            cells.append("-" if lr is None else f"{_num(lr['name_employer_recall'])}/{_pct(lr['keep_damage'])}")
        print(f"  {label:<22}" + "".join(f"{c:>15}" for c in cells), file=out)


def _keys(figures: dict, kind: str) -> list[str]:
    return sorted({k for split in figures["splits"].values() for k in split[kind]})


def _context(text: str, start: int, end: int, reach: int = 45) -> str:
    left = text[max(0, start - reach) : start]
    right = text[end : end + reach]
    piece = f"{'…' if start > reach else ''}{left}«{text[start:end]}»{right}{'…' if end + reach < len(text) else ''}"
    return " ".join(piece.split())


def print_misses(outcomes: Sequence[Outcome], title: str, limit: int, out=None) -> None:
    out = out or sys.stdout
    print(f"\n{title}", file=out)
    missed: list[tuple[Outcome, Span]] = [(o, s) for o in outcomes for s in o.redaction.missed]
    missed.sort(key=lambda pair: (_ORDER.get(pair[1].kind, 9), pair[0].story.id, pair[1].start))
    print(f"Details left visible ({min(limit, len(missed))} of {len(missed)} shown, leaks first):", file=out)
    for outcome, span in missed[:limit]:
        print(f"  [{span.kind}] {outcome.story.id}: {_context(outcome.story.text, span.start, span.end)}", file=out)

    damaged = [(o, k) for o in outcomes for k in o.redaction.damaged_keeps]
    print(f"Hard negatives redacted ({min(limit, len(damaged))} of {len(damaged)} shown):", file=out)
    for outcome, keep in damaged[:limit]:
        hits = [kind for start, end, kind in outcome.spans if start < keep.end and keep.start < end]
        print(
            f"  [{'/'.join(hits)}] {outcome.story.id}: {_context(outcome.story.text, keep.start, keep.end)}", file=out
        )

    words = Counter(w for o in outcomes for w in o.redaction.damaged_words)
    common = ", ".join(f"{w} ×{n}" for w, n in words.most_common(limit))
    print(f"Ordinary words redacted most often: {common or 'none'}", file=out)

    wrong = [o for o in outcomes if set(o.themes) != set(o.story.themes)]
    wrong.sort(key=lambda o: (-len(set(o.themes) ^ set(o.story.themes)), o.story.id))
    print(f"Stories with wrong themes ({min(limit, len(wrong))} of {len(wrong)} shown, most errors first):", file=out)
    for outcome in wrong[:limit]:
        gold, said = set(outcome.story.themes), set(outcome.themes)
        extra = ", ".join(f"{t} ({'; '.join(outcome.themes[t])})" for t in sorted(said - gold))
        print(f"  {outcome.story.id}: missed [{', '.join(sorted(gold - said))}] extra [{extra}]", file=out)
        print(f"      {' '.join(outcome.redacted.split())[:220]}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.report", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses", type=int, default=15, metavar="N", help="how many dev misses to list per kind (0: none; default 15)"
    )
    parser.add_argument(
        "--show-heldout-misses",
        action="store_true",
        help="also list held-out misses: for the final check after tuning, never while tuning",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        help="only this split: `--split dev` is the tuning loop, which shows no held-out figure at all",
    )
    parser.add_argument(
        "--folds",
        type=int,
        metavar="K",
        help="deal the dev split into K validation folds and print redaction figures per fold (dev only)",
    )
    parser.add_argument(
        "--validate",
        metavar="N[,N]",
        help="with --folds: folds held back from tuning; their figures are pooled and their misses never listed",
    )
    parser.add_argument(
        "--validate-files",
        metavar="PATTERN[,PATTERN]",
        help="dev story files held back from tuning, by name ('*-2'): their figures are pooled apart "
        "and their misses never listed (dev only); with --folds K --validate N, only those folds of them",
    )
    parser.add_argument(
        "--validate-groups",
        metavar="GLOB[,GLOB]",
        help="dev only: hold back the voice groups these patterns name (e.g. '*-2'); the fallback words "
        "are learned from the other groups, both sets are reported side by side, misses of the others only",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per story (median kept; default 3)")
    args = parser.parse_args(argv)
    validate: tuple[int, ...] = ()
    if args.validate is not None or args.folds is not None:
        if args.folds is None or args.folds < 2:
            parser.error("--validate needs --folds K, and K must be at least 2")
        if args.split == "heldout" or args.show_heldout_misses:
            parser.error("--folds deals the dev split only")
        args.split = "dev"  # validation never shows a held-out figure
        try:
            validate = tuple(sorted({int(n) for n in (args.validate or "").split(",") if n.strip()}))
        except ValueError:
            parser.error("--validate takes fold numbers, e.g. --validate 3,4")
        if any(not 0 <= n < args.folds for n in validate):
            parser.error(f"--validate: folds are numbered 0 to {args.folds - 1}")

    if args.validate_groups is not None:
        if args.folds or args.validate_files or args.split == "heldout" or args.show_heldout_misses:
            parser.error("--validate-groups holds back dev groups: no --folds, no --validate-files, no held-out")
        return _validate_groups(args.validate_groups, args)

    held_files: tuple[str, ...] = ()
    if args.validate_files is not None:
        if args.folds is not None and not validate:
            parser.error("--validate-files with --folds needs --validate: which folds of those files to hold back")
        if args.split == "heldout" or args.show_heldout_misses:
            parser.error("--validate-files holds back dev files only")
        args.split = "dev"  # validation never shows a held-out figure
        held_files = tuple(p.strip() for p in args.validate_files.split(",") if p.strip())
        if not held_files:
            parser.error("--validate-files takes file name patterns, e.g. --validate-files '*-2'")

    splits = (args.split,) if args.split else SPLITS
    outcomes = run(load_stories(splits), args.repeats)
    figures = summarise(outcomes, splits)
    if held_files:
        figures["files"] = file_figures(outcomes, held_files, args.folds, validate)
    elif args.folds:
        figures["folds"] = fold_figures(outcomes, args.folds, validate)
    if args.json:
        json.dump(figures, sys.stdout, indent=1)
        print()
        return 0
    print_summary(figures)
    if held_files:
        print_files(figures["files"])
    elif args.folds:
        print_folds(figures["folds"], args.folds, validate)
    if args.misses > 0:
        dev = [o for o in outcomes if o.story.split == "dev"]
        title = "WORST MISSES ON DEV (tune on these; held-out misses are not shown)"
        if held_files:
            dev = [o for o in dev if not validation_file(o.story, held_files, args.folds, validate)]
            held = f"files named {', '.join(held_files)}"
            if args.folds:
                held += f", folds {', '.join(map(str, validate))} of {args.folds},"
            title = f"WORST MISSES ON THE DEV TUNING FILES ({held} not shown)"
        elif validate:
            dev = [o for o in dev if fold_of(o.story, args.folds) not in validate]
            title = f"WORST MISSES ON THE DEV TUNING FOLDS (validation folds {', '.join(map(str, validate))} not shown)"
        print_misses(dev, title, args.misses)
        if args.show_heldout_misses:
            heldout = [o for o in outcomes if o.story.split == "heldout"]
            print_misses(heldout, "HELD-OUT MISSES (final check only: never tune on these)", args.misses)
    return 0


def _validate_groups(patterns: str, args: argparse.Namespace) -> int:
    """Tune on some dev voice groups and judge on the others (whose misses are not listed).

    The fallback words are learned again from the tuning groups alone, so that a validation
    story never weighs in its own guess.
    """
    globs = [p.strip() for p in patterns.split(",") if p.strip()]
    dev = load_stories(("dev",))
    # A pattern names a voice group ("en-ke") or a story file ("*-2": a later batch that joins
    # its voice group in the tables).
    held_back = {s.file for s in dev if any(fnmatchcase(s.group, g) or fnmatchcase(s.file, g) for g in globs)}
    if not held_back or held_back == {s.file for s in dev}:
        print("--validate-groups must name some dev voice groups or files, not all of them", file=sys.stderr)
        return 2
    tuning = [s for s in dev if s.file not in held_back]
    taxonomy = replace(load_taxonomy(), words=learn(tuning))
    outcomes = run(dev, args.repeats, taxonomy)

    def part(outcome: Outcome) -> str:
        return "validation" if outcome.story.file in held_back else "tuning"

    figures = summarise(outcomes, ("tuning", "validation"), part)
    if args.json:
        json.dump(figures, sys.stdout, indent=1)
        print()
        return 0
    print_summary(figures)
    print(f"\nValidation files (fallback words learned without them): {', '.join(sorted(held_back))}")
    if args.misses > 0:
        title = "WORST MISSES ON THE DEV TUNING GROUPS (validation groups not shown)"
        print_misses([o for o in outcomes if part(o) == "tuning"], title, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
