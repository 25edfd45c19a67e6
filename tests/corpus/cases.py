"""Every corpus case, in id order."""

from __future__ import annotations

from tests.corpus.case import Case
from tests.corpus.cases_anhui import ANHUI_CASES
from tests.corpus.cases_chongqing import CHONGQING_CASES
from tests.corpus.cases_goals import GOAL_CASES
from tests.corpus.cases_pdf import PDF_CASES
from tests.corpus.cases_provinces import PROVINCE_CASES
from tests.corpus.cases_round4 import ROUND4_CASES
from tests.corpus.cases_round5 import ROUND5_CASES
from tests.corpus.cases_round6 import ROUND6_CASES
from tests.corpus.cases_round7 import ROUND7_CASES
from tests.corpus.cases_self import SELF_CASES

CASES: list[Case] = sorted(
    GOAL_CASES
    + SELF_CASES
    + ANHUI_CASES
    + CHONGQING_CASES
    + PDF_CASES
    + PROVINCE_CASES
    + ROUND4_CASES
    + ROUND5_CASES
    + ROUND6_CASES
    + ROUND7_CASES,
    key=lambda c: c.id,
)
