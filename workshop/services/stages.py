"""The hiring stages a workshop starts with (a coach may edit them per workshop).

Plain data, shared by the workshop operations, the plan builder and the benchmarks.
"""

DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("targeting", "Finding and targeting roles"),
    ("application", "Application (CV, cover letter, portfolio)"),
    ("screen", "Recruiter or phone screen"),
    ("assessment", "Skills test or assignment"),
    ("first_interview", "First interview"),
    ("final_interview", "Final or panel interview"),
    ("offer", "References, offer and negotiation"),
)
