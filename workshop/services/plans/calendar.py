"""Export a plan's dated actions as an iCalendar (.ics) file.

One all-day VEVENT per dated action (the first step and each focus area's actions):
phone calendars import VEVENTs reliably, while VTODO support is patchy. Each event is
marked free time (TRANSP:TRANSPARENT) so it does not block the day, and carries a
reminder at 09:00 on the day.

The output is deterministic for a given plan and seed: UIDs come from `uid_seed` and the
action id, and DTSTAMP is the workshop date, so the same plan always gives the same bytes
(and re-importing updates events instead of duplicating them). The caller makes the seed
opaque (the app uses an HMAC of the plan's input hash under its secret key): a UID must not
let anyone who sees the calendar file test guesses about the plan's inputs.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from ..languages import translate
from .model import DatedAction, Plan

PRODID = "-//Rebound//Personal action plan//EN"
UID_DOMAIN = "rebound.plan"


def plan_to_ics(plan: Plan, uid_seed: str, follow_up: dt.date | None = None, link: str = "") -> bytes:
    """The plan's dated actions as an .ics calendar (UTF-8 bytes); `uid_seed` is an opaque
    string, the same for the same plan. With a `follow_up` date, one more event that day
    asks the participant back to their plan (`link`) for the follow-up check-in."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Action plan: {plan.workshop_title}")
    stamp = dt.datetime.combine(plan.workshop_date, dt.time(0, 0), tzinfo=dt.UTC)
    for action in plan.dated_actions:
        calendar.add_component(_event(plan, action, stamp, uid_seed))
    if follow_up is not None:
        calendar.add_component(_follow_up_event(plan, follow_up, link, stamp, uid_seed))
    return calendar.to_ical()


def _follow_up_event(plan: Plan, day: dt.date, link: str, stamp: dt.datetime, uid_seed: str) -> Event:
    """The follow-up check-in's day: open the plan again and say in a minute how it went."""
    event = Event()
    event.add("uid", f"{uid_seed[:32]}-follow-up@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", translate(plan.language, "Rebound follow-up: how did your plan go?"))
    text = translate(
        plan.language,
        "Open your action plan (%(title)s) on the phone you used, or with your recovery code, "
        "and answer the one-minute follow-up.",
        title=plan.workshop_title,
    )
    event.add("description", f"{text}\n\n{link}" if link else text)
    if link:
        event.add("url", link)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", translate(plan.language, "Rebound follow-up: how did your plan go?"))
    alarm.add("trigger", dt.timedelta(hours=9), parameters={"RELATED": "START"})
    event.add_component(alarm)
    return event


def action_uid(uid_seed: str, action: DatedAction) -> str:
    """Stable UID for one action of one plan."""
    return f"{uid_seed[:32]}-{action.id}@{UID_DOMAIN}"


def _event(plan: Plan, action: DatedAction, stamp: dt.datetime, uid_seed: str) -> Event:
    event = Event()
    event.add("uid", action_uid(uid_seed, action))
    event.add("dtstamp", stamp)
    event.add("dtstart", action.due)
    event.add("dtend", action.due + dt.timedelta(days=1))
    event.add("summary", action.title)
    event.add(
        "description",
        f"{action.how}\n\nFrom your Rebound action plan ({plan.workshop_title}).",
    )
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Action plan"])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", action.title)
    alarm.add("trigger", dt.timedelta(hours=9), parameters={"RELATED": "START"})
    event.add_component(alarm)
    return event
