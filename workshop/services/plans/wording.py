"""The words of a plan that are not in the action library: the note template, the reflection
prompts, and the three general focus areas."""

from __future__ import annotations

from collections.abc import Sequence

from .model import FocusArea, NoteTemplate, StageResult


def note_template(profile: Sequence[StageResult], weakest: StageResult | None) -> NoteTemplate:
    """The thank-you and feedback-request note for the furthest stage reached: our own words
    and the stage label, never anything the participant wrote."""
    reached = [stage for stage in profile if stage.reached]
    furthest = reached[-1] if reached else None
    if furthest is None:
        thanks, question = NOTE_THANKS["application"], FEEDBACK_QUESTIONS["application"]
    elif furthest.key in NOTE_THANKS:
        thanks, question = NOTE_THANKS[furthest.key], FEEDBACK_QUESTIONS[furthest.key]
    else:
        thanks = f"for your time during the \u201c{furthest.label}\u201d stage for the [Role] role at [Company]"
        question = "What is the one thing I could do differently at that stage next time?"
    return NoteTemplate(
        subject="Thank you \u2013 [Role] at [Company]",
        greeting="Dear [Interviewer's name],",
        paragraphs=(
            f"Thank you {thanks}. I was disappointed not to be offered the role, but I "
            "appreciated [something specific you discussed or learned], and I would be "
            "glad to hear about future openings in your team.",
            "If you have a couple of minutes, one piece of feedback would help me a great "
            f"deal: {question} Even a line or two would be valuable as I prepare for my "
            "next applications.",
            "Thank you again for your time, and I wish you and the team every success with the new appointment.",
        ),
        closing="With best wishes,",
        signature="[Your name]",
    )


def reflection_prompts(
    areas: Sequence[FocusArea],
    weakest: StageResult | None,
    strongest: StageResult | None,
    themes: Sequence[tuple[str, str]],
) -> tuple[str, ...]:
    """Up to five questions: the weakest stage against the strongest, then the weakest stage,
    each focus area and each of the participant's `themes` (id, label), then general ones."""
    prompts: list[str] = []
    if weakest and strongest and strongest.score > weakest.score:
        prompts.append(
            f"What did you do well in \u201c{strongest.label}\u201d that you could carry "
            f"into \u201c{weakest.label}\u201d?"
        )
    if weakest:
        prompts.extend(prompts_for("stage", weakest.key, weakest.label)[:2])
    for area in areas:
        prompts.extend(prompts_for(area.kind, area.key, area.label)[:1])
    for theme, label in themes:
        prompts.extend(prompts_for("theme", theme, label)[:1])
    prompts.extend(GENERAL_PROMPTS)
    return tuple(dict.fromkeys(prompts))[:5]


def prompts_for(kind: str, key: str, label: str) -> list[str]:
    if kind == "stage":
        return STAGE_PROMPTS.get(key) or [
            f"Picture the next time you reach \u201c{label}\u201d. What will you do "
            "differently in the first five minutes?"
        ]
    if kind == "theme":
        prompt = THEME_PROMPTS.get(key) or (
            f"When you think about \u201c{label}\u201d, which part of it is within your "
            "control, and which part can you let go of?"
        )
        return [prompt]
    return []


TOP_UP_ORDER = ("debrief-in-writing", "ask-someone-who-did-it", "score-past-processes", "friday-review")

GENERAL_AREAS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "momentum": (
        "Keeping your search moving",
        "A steady rhythm carries a search through quiet weeks.",
        ("weekly-rhythm", "friday-review", "parallel-pipeline", "score-past-processes"),
    ),
    "network": (
        "Staying in touch with people",
        "Most openings come through someone who knows your work.",
        ("reconnect-five", "recruiter-update", "mentor-conversation", "keep-the-door-open"),
    ),
    "wellbeing": (
        "Looking after yourself",
        "Rest and support keep your judgement steady on the hard days.",
        ("look-after-basics", "protect-your-energy", "tell-one-person", "wins-list"),
    ),
}

NOTE_THANKS = {
    "targeting": "for considering my application for the [Role] role at [Company]",
    "application": "for considering my application for the [Role] role at [Company]",
    "screen": "for taking the time to speak with me about the [Role] role at [Company]",
    "assessment": "for the opportunity to complete the assessment for the [Role] role at [Company]",
    "first_interview": "for meeting me to discuss the [Role] role at [Company]",
    "final_interview": "for inviting me to the final interviews for the [Role] role at [Company]",
    "offer": "for the time you invested in my application for the [Role] role at [Company], right through to the final stage",
}

FEEDBACK_QUESTIONS = {
    "targeting": "was there something in my application that made it a weaker match than others?",
    "application": "was there something in my application that made it a weaker match than others?",
    "screen": "was there a point in our call where my answers fell short of what you were looking for?",
    "assessment": "which part of the assessment would you suggest I strengthen first?",
    "first_interview": "which of my answers was least convincing, and what would a stronger answer have included?",
    "final_interview": "what did the successful candidate show that I did not, so that I can work on it?",
    "offer": "was there anything in the final stage, such as references or the offer discussion, that I could have handled differently?",
}

STAGE_PROMPTS: dict[str, list[str]] = {
    "targeting": [
        "Which of the roles you applied for would you still want if nobody else knew the job title?",
        "What would a role need to offer for you to say yes without hesitating?",
    ],
    "application": [
        "If a stranger read only your CV's first third, what would they think you do best?",
        "Which achievement are you proudest of that is missing from your CV today?",
    ],
    "screen": [
        "How would you describe what you want next in two sentences, to someone who has never met you?",
        "Which screening question caught you off guard, and what would you say now?",
    ],
    "assessment": [
        "Which part of the test felt hardest: the skill itself, the time limit or the format?",
        "What would a month of small, regular practice on that skill look like for you?",
    ],
    "first_interview": [
        "Which answer would you most like to give again, and how would it sound now?",
        "What did you want the interviewer to remember about you, and did you say it?",
    ],
    "final_interview": [
        "What might the successful candidate have shown that you could show next time?",
        "Which person on the panel did you connect with least, and why might that be?",
    ],
    "offer": [
        "What would have to be in an offer for you to accept it gladly?",
        "Who could speak most convincingly about your work, and have you told them what you are aiming for?",
    ],
}

THEME_PROMPTS = {
    "no_feedback": "If you never hear back, what will you conclude, and what will you do anyway?",
    "experience_gap": "Where have you already done this kind of work, even if it was called something else?",
    "overqualified": "What genuinely draws you to roles at this level, and how would you say it convincingly?",
    "skills_test": "Which single skill, if you improved it, would change the most results?",
    "culture_fit": "What kind of team brings out your best work, and how would you recognise one?",
    "internal_candidate": "What could you bring from outside that an insider could not?",
    "salary_mismatch": "What is your real minimum, and what is it based on?",
    "interview_nerves": "What helps you feel steady before something important, and how could you use it before interviews?",
    "cv_filtered": "What would make a recruiter stop at your CV within the first ten seconds?",
    "long_process": "How will you pace yourself so that the next long process does not drain you?",
    "rapport": "When have you connected easily with someone at work, and what were you doing then?",
    "role_cancelled": "Which parts of this process were simply outside your control?",
    "self_doubt": "What would a trusted former colleague say you are good at?",
    "narrow_loss": "If you came that close, what does it tell you about how strong your candidacy already is?",
    "career_gap": "What did you learn or keep sharp during your gap that an employer would value?",
    "career_change": "Which of your existing strengths will matter most in the field you are moving into?",
    "location_visa": "Which options are genuinely open to you now, and which can wait?",
    "unfair_process": "What do you need in order to put this experience down and move on?",
}

GENERAL_PROMPTS = (
    "What is one small thing you will do in the next 24 hours?",
    "Who could you ask for help this week, and what exactly would you ask them?",
    "What would you tell a friend in your position?",
    "Looking back in six months, what do you hope you will have done this month?",
    "How will you know the plan is working, a fortnight from now?",
)
