"""Facts documents for the tests: one applicant that meets every automatic threshold, and edits of it."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from typing import Any

from pilotbase.rules import evaluate

AS_OF = date(2026, 3, 1)

_SPEC_EXAMPLE = """
{
  "as_of": "2026-03-01",
  "applicant": {
    "independent_legal_person": true,
    "registered_on": "2022-05-10",
    "operating_normally": true,
    "serious_misconduct_in_penalty_period": false,
    "credit_blacklisted": false,
    "via_host_unit": false,
    "independent_accounting": null
  },
  "industry": {"chains": ["cotton_textile"]},
  "site": {"independent": true, "area_m2": "2600"},
  "equipment": {"pilot_line": true, "process_qc": true, "product_testing": true, "original_value_yuan": "6800000"},
  "pilot_lines": ["process_improvement", "sample_trial_production"],
  "external_pilot_projects": 3,
  "team": {"technical_leader": true, "fixed_rd_team": true},
  "staff": [
    {"full_time": true, "technical": true, "education": "master", "title": "intermediate", "years_of_service": 6}
  ],
  "safety": {"facilities": true, "standards_compliant": true, "incidents": [
    {"date": "2025-06-01", "type": "production_safety", "severity": "general"}
  ]},
  "management": {"service_procedure_and_fees": true, "ip_protection_measures": true},
  "openness": {"open_sharing": true, "service_list_published": true},
  "ethics": {"fields": ["new_materials"], "ethics_sensitive": false, "ethics_committee": false}
}
"""


def spec_example() -> dict[str, Any]:
    """The input example of spec/eligibility.md, verbatim."""
    return json.loads(_SPEC_EXAMPLE)


def person(
    *,
    full_time: bool = True,
    technical: bool = True,
    education: str | None = "bachelor",
    title: str | None = "none",
    years: Any = 2,
) -> dict[str, Any]:
    return {
        "full_time": full_time,
        "technical": technical,
        "education": education,
        "title": title,
        "years_of_service": years,
    }


def unqualified(**kwargs: Any) -> dict[str, Any]:
    """A person who meets none of 本科以上 / 中级以上 / 8年以上."""
    return person(**{"education": "associate", "title": "junior", "years": 7, **kwargs})


def meets() -> dict[str, Any]:
    """The spec example with a roster that passes: 6 full-time, 4 of them technical and qualified."""
    document = spec_example()
    document["staff"] = [person() for _ in range(4)] + [
        person(technical=False, education="secondary"),
        person(technical=False, education="secondary"),
    ]
    return document


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _walk(document: Any, path: str) -> tuple[Any, str | int]:
    steps: list[str | int] = [name if name else int(index) for name, index in _STEP.findall(path)]
    node = document
    for step in steps[:-1]:
        node = node[step]
    return node, steps[-1]


def edit(document: dict[str, Any], **paths: Any) -> dict[str, Any]:
    """A copy with fields set; `__` in a keyword stands for `.`: edit(d, site__area_m2="1999.99")."""
    copied = copy.deepcopy(document)
    for key, value in paths.items():
        node, last = _walk(copied, key.replace("__", "."))
        node[last] = value
    return copied


def set_path(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy with the field at `path` (`staff[3].education`) set."""
    copied = copy.deepcopy(document)
    node, last = _walk(copied, path)
    node[last] = value
    return copied


def without(document: dict[str, Any], path: str) -> dict[str, Any]:
    """A copy without the field at `path`."""
    copied = copy.deepcopy(document)
    node, last = _walk(copied, path)
    del node[last]
    return copied


def status_of(document: dict[str, Any], check_id: str, **kwargs: Any) -> str:
    return evaluate(document, **kwargs).check(check_id).status
