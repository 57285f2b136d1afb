"""The hiring stages a workshop starts with (a coach may edit them per workshop).

Plain data, shared by the workshop operations, the plan builder and the benchmarks.
"""

from .languages import N_

# In English, as stored; every page shows them in its reader's language (services.labels).
DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("targeting", N_("Finding and targeting roles")),
    ("application", N_("Application (CV, cover letter, portfolio)")),
    ("screen", N_("Recruiter or phone screen")),
    ("assessment", N_("Skills test or assignment")),
    ("first_interview", N_("First interview")),
    ("final_interview", N_("Final or panel interview")),
    ("offer", N_("References, offer and negotiation")),
)
