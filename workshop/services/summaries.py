"""Workshop summaries: what Insights keeps of a workshop once its data is erased.

A summary holds only figures the workshop had already released to the coach, checked once
more by `safe`: the room's size, the shared themes with their counts, the stage averages,
the opening and closing check-ins (average and how many answered) and the follow-up figures.
Never a participant row, an alias, a story, an emerging phrase (those are story words), a
check-in band or anything about one person.

`safe` applies a final rule that the live board does not need: every count it keeps is at
least k, and where one count is part of another (a theme's holders are part of the room, the
people who did an action are part of those who did any, ...) the two differ by nobody or by
at least k people. A count that breaks the rule is dropped: a theme or an outcome stays
without its number, a stage or an action loses its row, a check-in or the whole follow-up is
left out. Outcomes split the follow-up's answers between them, so when the hidden ones add up
to fewer than k people, none shows its number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from sqlalchemy import select

from ..extensions import db
from ..models import Workshop, WorkshopSummary
from . import releases


def safe(board: Mapping, k: int) -> dict:
    """The figures of a presented board (services.presentation, plus `follow_up` when the
    board has it) that a summary may keep under `k`. Plain data in and out."""
    people = _fits(board.get("participants"), (), k)
    outer = (people,)
    themes = [
        {"key": t["key"], "label": t["label"], "count": _fits(t.get("count"), outer, k)}
        for t in board.get("themes") or []
    ]
    stages = []
    for s in board.get("stages") or []:
        reached = _fits(s.get("reached"), outer, k)
        if reached is not None and s.get("average") is not None:
            stages.append({"key": s["key"], "label": s["label"], "reached": reached, "average": s["average"]})
    return {
        "participants": people,
        "themes": themes,
        "stages": stages,
        "confidence_before": _check_in(board.get("confidence_before"), outer, k),
        "confidence_after": _check_in(board.get("confidence_after"), outer, k),
        "follow_up": _follow_up(board.get("follow_up"), outer, k),
    }


def _fits(count, outer: Iterable[int | None], k: int) -> int | None:
    """`count` when it is at least k and differs from each count it is part of by nobody or
    by at least k people; otherwise None."""
    if not isinstance(count, int) or isinstance(count, bool) or count < k:
        return None
    for whole in outer:
        if whole is not None and 0 < abs(whole - count) < k:
            return None
    return count


def _check_in(summary: Mapping | None, outer: tuple, k: int) -> dict | None:
    if not summary:
        return None
    total = _fits(summary.get("total"), outer, k)
    if total is None or summary.get("average") is None:
        return None
    return {"average": summary["average"], "total": total}


def _follow_up(figures: Mapping | None, outer: tuple, k: int) -> dict | None:
    if not figures:
        return None
    total = _fits(figures.get("total"), outer, k)
    if total is None:
        return None
    within = (*outer, total)
    did_any = _fits(figures.get("did_any"), within, k)
    actions = []
    for row in figures.get("actions") or []:
        count = _fits(row.get("count"), (*within, did_any), k)
        if count is not None:
            actions.append({"key": row["key"], "label": row["label"], "count": count})
    outcomes = [
        {"key": row["key"], "label": row["label"], "count": _fits(row.get("count"), within, k)}
        for row in figures.get("outcomes") or []
    ]
    hidden = total - sum(row["count"] for row in outcomes if row["count"] is not None)
    if outcomes and not (hidden == 0 or hidden >= k):
        outcomes = [{**row, "count": None} for row in outcomes]
    return {
        "total": total,
        "confidence": _check_in(figures.get("confidence"), within, k),
        "did_any": did_any,
        "actions": actions,
        "outcomes": outcomes,
    }


# ---- stored summaries -----------------------------------------------------------------------


def keep(workshop: Workshop) -> WorkshopSummary | None:
    """Add (without committing) the summary of a real workshop's current release, to be
    committed with its erasure. None for a rehearsal (made-up people) or a workshop that
    never released anything."""
    if workshop.is_rehearsal:
        return None
    board = releases.board(workshop)
    if board is None:
        return None
    k = max(workshop.min_group_size, board.get("k") or 0)
    summary = WorkshopSummary(
        coach_id=workshop.coach_id,
        title=workshop.title,
        date=workshop.date,
        series=workshop.series or "",
        k=k,
        figures=json.dumps(safe(board, k)),
    )
    db.session.add(summary)
    return summary


def figures_of(summary: WorkshopSummary) -> dict:
    return json.loads(summary.figures)


def delete(coach_id: int, summary_id: int) -> bool:
    """Delete one of this coach's summaries; False (nothing changed) when they have no such one."""
    summary = db.session.get(WorkshopSummary, summary_id)
    if summary is None or summary.coach_id != coach_id:
        return False
    db.session.delete(summary)
    db.session.commit()
    return True


def of_coach(coach_id: int) -> list[WorkshopSummary]:
    query = select(WorkshopSummary).where(WorkshopSummary.coach_id == coach_id).order_by(WorkshopSummary.date)
    return list(db.session.scalars(query))
