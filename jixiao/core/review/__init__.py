"""绩效目标审核: a rule engine over the document model.

    report = review(doc)                      # default profile
    report = review(doc, load_profile(path))  # a TOML profile over the defaults
    report.findings, report.score, report.projects

Rules live in `jixiao.core.review.rules` (one class each, stable codes R001…); thresholds
and their defaults in default_profile.toml; output in `jixiao.core.review.formatters`.
"""

from jixiao.core.review.engine import ProjectScore, Report, review
from jixiao.core.review.finding import CATEGORIES, FIELDS, SEVERITIES, Finding
from jixiao.core.review.profile import Profile, ProfileError, load_profile, profile_from_dict

__all__ = [
    "CATEGORIES",
    "FIELDS",
    "SEVERITIES",
    "Finding",
    "Profile",
    "ProfileError",
    "ProjectScore",
    "Report",
    "load_profile",
    "profile_from_dict",
    "review",
]
