"""Article 7 (申报条件) of 《兵团科技成果转化中试基地备案管理暂行办法》 as code — pure Python, no Django.

The contract is spec/eligibility.md: `evaluate(facts, policy)` returns a `Result` whose
`to_dict()` is the output JSON; `parse_facts(raw)` validates the input or raises `FactsError`
naming the field (`staff[3].education: unknown code 'phd'`), rejecting the whole document.

Numbers follow 《民法典》第一千二百五十九条 (以上、以下、届满 include the number): money and
areas are `Decimal` (a JSON float is read through its decimal text), the 60 % share is compared
by cross-multiplication, and years are calendar anniversaries (2024-02-29 + 2 years = 2026-02-28).

What an absent (or null) fact means:

- `as_of`: today in China Standard Time (or the `today` passed in).
- A boolean fact: its check is `missing`. `applicant.independent_accounting` only matters when
  `via_host_unit` is true; when `via_host_unit` is false the check is `not_applicable`.
  For `pilot_equipment`, a kind declared false fails even if another kind is absent.
- A whole section (`site`, `team`, …): every fact in it is absent.
- `applicant.registered_on`, `site.area_m2`, `equipment.original_value_yuan`: that check is
  `missing`.
- `industry.chains`: `missing`; an empty list fails (the applicant says it serves none).
- `pilot_lines` / `external_pilot_projects`: the check passes on whichever is given and suffices;
  it fails only when both are given and neither suffices, and is `missing` otherwise. An empty
  `pilot_lines` list means "no pilot line".
- `staff`: the three staff checks are `missing`; an empty roster fails the counts, and the ratio
  is `missing` (no full-time staff to divide by). In a staff entry only `full_time: true` counts
  and only `technical: true` is technical (an absent flag reads as false, as the spec says only
  such entries count); an absent education, title or years of service is not a qualification.
- `safety.incidents`: `no_major_incident` is `missing`; an empty list passes. Each incident must
  have a date, type and severity.
- `ethics`: `not_applicable` when `ethics_sensitive` is false or the fields hold none of
  life_sciences, medicine, artificial_intelligence; `missing` when that cannot be told.

Rejected (`FactsError`): a document that is not an object; an unknown field (so a misspelling is
not mistaken for an absent fact); a wrong type (`true` is not a number, `1` is not a boolean);
an unknown code; a negative number; a count that is not a whole number; a date not written
YYYY-MM-DD or that does not exist (2023-02-29); `registered_on` or an incident date after `as_of`.

Policies are data (`Policy`): the Corps measure `CORPS_2024` and Xinjiang's 2025 measure
`XINJIANG_2025`; `choose_policy(jurisdiction, on)` picks the one in force. The industry-chain
list is a `Vocabulary` an administrator edits; pass it to `evaluate` and `parse_facts`.
"""

from .codes import (
    COUNTED_SEVERITIES,
    EDUCATION,
    ETHICS_FIELDS,
    ETHICS_SENSITIVE_FIELDS,
    INCIDENT_TYPES,
    INDUSTRY_CHAINS,
    PILOT_LINES,
    QUALIFYING_EDUCATION,
    QUALIFYING_TITLES,
    SEVERITIES,
    TITLES,
    Term,
    Vocabulary,
)
from .engine import (
    FAIL,
    INCOMPLETE,
    INELIGIBLE,
    MANUAL,
    MEETS_THRESHOLDS,
    MISSING,
    NOT_APPLICABLE,
    PASS,
    STATUSES,
    Check,
    Result,
    evaluate,
    verdict_of,
)
from .facts import Facts, FactsError, Incident, StaffMember, parse_facts
from .periods import add_years, china_today
from .policies import (
    CHECK_IDS,
    CORPS_2024,
    POLICIES,
    XINJIANG_2025,
    NoPolicyError,
    Policy,
    Threshold,
    choose_policy,
)

__all__ = [
    "CHECK_IDS",
    "CORPS_2024",
    "COUNTED_SEVERITIES",
    "EDUCATION",
    "ETHICS_FIELDS",
    "ETHICS_SENSITIVE_FIELDS",
    "FAIL",
    "INCIDENT_TYPES",
    "INCOMPLETE",
    "INDUSTRY_CHAINS",
    "INELIGIBLE",
    "MANUAL",
    "MEETS_THRESHOLDS",
    "MISSING",
    "NOT_APPLICABLE",
    "PASS",
    "PILOT_LINES",
    "POLICIES",
    "QUALIFYING_EDUCATION",
    "QUALIFYING_TITLES",
    "SEVERITIES",
    "STATUSES",
    "TITLES",
    "XINJIANG_2025",
    "Check",
    "Facts",
    "FactsError",
    "Incident",
    "NoPolicyError",
    "Policy",
    "Result",
    "StaffMember",
    "Term",
    "Threshold",
    "Vocabulary",
    "add_years",
    "china_today",
    "choose_policy",
    "evaluate",
    "parse_facts",
    "verdict_of",
]
