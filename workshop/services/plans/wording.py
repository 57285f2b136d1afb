"""The words of a plan that are not in the action library: the note template, the reflection
prompts, and the three general focus areas, in the plan's language (the catalogues under
workshop/translations; the tables below are in English and marked for them)."""

from __future__ import annotations

from collections.abc import Sequence

from ..languages import N_, translate
from .model import FocusArea, NoteTemplate, StageResult


def note_template(profile: Sequence[StageResult], weakest: StageResult | None, language: str = "en") -> NoteTemplate:
    """The thank-you and feedback-request note for the furthest stage reached: our own words
    and the stage label, never anything the participant wrote."""

    def _(text: str, **values) -> str:
        return translate(language, text, **values)

    reached = [stage for stage in profile if stage.reached]
    furthest = reached[-1] if reached else None
    if furthest is None:
        thanks, question = _(NOTE_THANKS["application"]), _(FEEDBACK_QUESTIONS["application"])
    elif furthest.key in NOTE_THANKS:
        thanks, question = _(NOTE_THANKS[furthest.key]), _(FEEDBACK_QUESTIONS[furthest.key])
    else:
        thanks = _(
            "for your time during the \u201c%(stage)s\u201d stage for the [Role] role at [Company]",
            stage=furthest.label,
        )
        question = _("What is the one thing I could do differently at that stage next time?")
    return NoteTemplate(
        subject=_("Thank you \u2013 [Role] at [Company]"),
        greeting=_("Dear [Interviewer's name],"),
        paragraphs=(
            _(
                "Thank you %(thanks)s. I was disappointed not to be offered the role, but I "
                "appreciated [something specific you discussed or learned], and I would be "
                "glad to hear about future openings in your team.",
                thanks=thanks,
            ),
            _(
                "If you have a couple of minutes, one piece of feedback would help me a great "
                "deal: %(question)s Even a line or two would be valuable as I prepare for my "
                "next applications.",
                question=question,
            ),
            _("Thank you again for your time, and I wish you and the team every success with the new appointment."),
        ),
        closing=_("With best wishes,"),
        signature=_("[Your name]"),
        subject_label=_("Subject:"),
    )


def reflection_prompts(
    areas: Sequence[FocusArea],
    weakest: StageResult | None,
    strongest: StageResult | None,
    themes: Sequence[tuple[str, str]],
    language: str = "en",
) -> tuple[str, ...]:
    """Up to five questions: the weakest stage against the strongest, then the weakest stage,
    each focus area and each of the participant's `themes` (id, label), then general ones."""
    prompts: list[str] = []
    if weakest and strongest and strongest.score > weakest.score:
        prompts.append(
            translate(
                language,
                "What did you do well in \u201c%(strongest)s\u201d that you could carry into \u201c%(weakest)s\u201d?",
                strongest=strongest.label,
                weakest=weakest.label,
            )
        )
    if weakest:
        prompts.extend(prompts_for("stage", weakest.key, weakest.label, language)[:2])
    for area in areas:
        prompts.extend(prompts_for(area.kind, area.key, area.label, language)[:1])
    for theme, label in themes:
        prompts.extend(prompts_for("theme", theme, label, language)[:1])
    prompts.extend(translate(language, prompt) for prompt in GENERAL_PROMPTS)
    return tuple(dict.fromkeys(prompts))[:5]


def prompts_for(kind: str, key: str, label: str, language: str = "en") -> list[str]:
    if kind == "stage":
        if key in STAGE_PROMPTS:
            return [translate(language, prompt) for prompt in STAGE_PROMPTS[key]]
        return [
            translate(
                language,
                "Picture the next time you reach \u201c%(stage)s\u201d. What will you do differently in the first five minutes?",
                stage=label,
            )
        ]
    if kind == "theme":
        if key in THEME_PROMPTS:
            return [translate(language, THEME_PROMPTS[key])]
        return [
            translate(
                language,
                "When you think about \u201c%(theme)s\u201d, which part of it is within your control, and which part can you let go of?",
                theme=label,
            )
        ]
    return []


TOP_UP_ORDER = ("debrief-in-writing", "ask-someone-who-did-it", "score-past-processes", "friday-review")

GENERAL_AREAS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "momentum": (
        N_("Keeping your search moving"),
        N_("A steady rhythm carries a search through quiet weeks."),
        ("weekly-rhythm", "friday-review", "parallel-pipeline", "score-past-processes"),
    ),
    "network": (
        N_("Staying in touch with people"),
        N_("Most openings come through someone who knows your work."),
        ("reconnect-five", "recruiter-update", "mentor-conversation", "keep-the-door-open"),
    ),
    "wellbeing": (
        N_("Looking after yourself"),
        N_("Rest and support keep your judgement steady on the hard days."),
        ("look-after-basics", "protect-your-energy", "tell-one-person", "wins-list"),
    ),
}

NOTE_THANKS = {
    "targeting": N_("for considering my application for the [Role] role at [Company]"),
    "application": N_("for considering my application for the [Role] role at [Company]"),
    "screen": N_("for taking the time to speak with me about the [Role] role at [Company]"),
    "assessment": N_("for the opportunity to complete the assessment for the [Role] role at [Company]"),
    "first_interview": N_("for meeting me to discuss the [Role] role at [Company]"),
    "final_interview": N_("for inviting me to the final interviews for the [Role] role at [Company]"),
    "offer": N_(
        "for the time you invested in my application for the [Role] role at [Company], right through to the final stage"
    ),
}

FEEDBACK_QUESTIONS = {
    "targeting": N_("was there something in my application that made it a weaker match than others?"),
    "application": N_("was there something in my application that made it a weaker match than others?"),
    "screen": N_("was there a point in our call where my answers fell short of what you were looking for?"),
    "assessment": N_("which part of the assessment would you suggest I strengthen first?"),
    "first_interview": N_("which of my answers was least convincing, and what would a stronger answer have included?"),
    "final_interview": N_("what did the successful candidate show that I did not, so that I can work on it?"),
    "offer": N_(
        "was there anything in the final stage, such as references or the offer discussion, that I could have handled differently?"
    ),
}

STAGE_PROMPTS: dict[str, list[str]] = {
    "targeting": [
        N_("Which of the roles you applied for would you still want if nobody else knew the job title?"),
        N_("What would a role need to offer for you to say yes without hesitating?"),
    ],
    "application": [
        N_("If a stranger read only your CV's first third, what would they think you do best?"),
        N_("Which achievement are you proudest of that is missing from your CV today?"),
    ],
    "screen": [
        N_("How would you describe what you want next in two sentences, to someone who has never met you?"),
        N_("Which screening question caught you off guard, and what would you say now?"),
    ],
    "assessment": [
        N_("Which part of the test felt hardest: the skill itself, the time limit or the format?"),
        N_("What would a month of small, regular practice on that skill look like for you?"),
    ],
    "first_interview": [
        N_("Which answer would you most like to give again, and how would it sound now?"),
        N_("What did you want the interviewer to remember about you, and did you say it?"),
    ],
    "final_interview": [
        N_("What might the successful candidate have shown that you could show next time?"),
        N_("Which person on the panel did you connect with least, and why might that be?"),
    ],
    "offer": [
        N_("What would have to be in an offer for you to accept it gladly?"),
        N_("Who could speak most convincingly about your work, and have you told them what you are aiming for?"),
    ],
}

THEME_PROMPTS = {
    "no_feedback": N_("If you never hear back, what will you conclude, and what will you do anyway?"),
    "experience_gap": N_("Where have you already done this kind of work, even if it was called something else?"),
    "overqualified": N_("What genuinely draws you to roles at this level, and how would you say it convincingly?"),
    "skills_test": N_("Which single skill, if you improved it, would change the most results?"),
    "culture_fit": N_("What kind of team brings out your best work, and how would you recognise one?"),
    "internal_candidate": N_("What could you bring from outside that an insider could not?"),
    "salary_mismatch": N_("What is your real minimum, and what is it based on?"),
    "interview_nerves": N_(
        "What helps you feel steady before something important, and how could you use it before interviews?"
    ),
    "cv_filtered": N_("What would make a recruiter stop at your CV within the first ten seconds?"),
    "long_process": N_("How will you pace yourself so that the next long process does not drain you?"),
    "rapport": N_("When have you connected easily with someone at work, and what were you doing then?"),
    "role_cancelled": N_("Which parts of this process were simply outside your control?"),
    "self_doubt": N_("What would a trusted former colleague say you are good at?"),
    "narrow_loss": N_("If you came that close, what does it tell you about how strong your candidacy already is?"),
    "career_gap": N_("What did you learn or keep sharp during your gap that an employer would value?"),
    "career_change": N_("Which of your existing strengths will matter most in the field you are moving into?"),
    "location_visa": N_("Which options are genuinely open to you now, and which can wait?"),
    "unfair_process": N_("What do you need in order to put this experience down and move on?"),
}

GENERAL_PROMPTS = (
    N_("What is one small thing you will do in the next 24 hours?"),
    N_("Who could you ask for help this week, and what exactly would you ask them?"),
    N_("What would you tell a friend in your position?"),
    N_("Looking back in six months, what do you hope you will have done this month?"),
    N_("How will you know the plan is working, a fortnight from now?"),
)
