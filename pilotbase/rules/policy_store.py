"""The one door the Django layer uses into the Article 7 engine: CLI, API and self-check page.

All three interfaces call `check_document` (or `check_text`) so that the same facts give the same
result whichever way they arrive: the same vocabulary (the administrator's industry-chain table),
the same "today" (`operations.clock.today`), the same policy choice (`choose_policy` for the
applicant's recommending unit on `as_of`, the Corps measure when none covers it).
"""

from __future__ import annotations

import json
from typing import Any

from pilotbase.operations import clock

from . import (
    CORPS_2024,
    INDUSTRY_CHAINS,
    FactsError,
    NoPolicyError,
    Policy,
    Vocabulary,
    choose_policy,
    evaluate,
)
from . import parse_facts as _parse_facts

DEFAULT_JURISDICTION = "corps"


class NotJSON(FactsError):
    """The document is not JSON at all; it names no field."""


def vocabulary() -> Vocabulary:
    """The industry-chain vocabulary: the administrator's table, or the spec's starting list."""
    try:
        from .models import IndustryChain
    except ImportError:
        return INDUSTRY_CHAINS
    return IndustryChain.vocabulary()


def policy_for(jurisdiction: str | None, on) -> Policy:
    """The measure in force for the recommending unit `jurisdiction` on `on`; the Corps one by default."""
    try:
        return choose_policy(jurisdiction or DEFAULT_JURISDICTION, on)
    except NoPolicyError:
        return CORPS_2024


def check_document(raw: Any, *, jurisdiction: str | None = None, chains: Vocabulary | None = None) -> dict:
    """Validate and evaluate one facts document; the result as the spec's output JSON.

    Raises `FactsError` (naming the field) when the document is not acceptable.
    """
    chains = chains if chains is not None else vocabulary()
    facts = _parse_facts(raw, today=clock.today(), vocabulary=chains)
    policy = policy_for(jurisdiction, facts.as_of)
    return evaluate(facts, policy, vocabulary=chains).to_dict()


def load_json(text: str | bytes) -> Any:
    """Parse the JSON text of a request or file; `NotJSON` when it is not JSON."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise NotJSON("", f"not UTF-8 text: {exc.reason}", "不是 UTF-8 编码的文本") from None
    except json.JSONDecodeError as exc:
        raise NotJSON(
            "", f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", "不是合法的 JSON"
        ) from None
    except RecursionError:
        raise NotJSON("", "not JSON: nested too deeply", "JSON 嵌套过深") from None


def check_many(raw: Any, *, jurisdiction: str | None = None) -> dict | list[dict]:
    """One facts object → one result; a list of them → the results in the same order.

    A list is accepted or rejected as a whole: the first bad document's error is raised with its
    index in front of the field (`[2].staff[3].education`), and nothing is returned for the others.
    """
    chains = vocabulary()
    if type(raw) is not list:
        return check_document(raw, jurisdiction=jurisdiction, chains=chains)
    results = []
    for index, document in enumerate(raw):
        try:
            results.append(check_document(document, jurisdiction=jurisdiction, chains=chains))
        except FactsError as exc:
            path = f"[{index}].{exc.field_path}" if exc.field_path else f"[{index}]"
            raise FactsError(path, exc.message, exc.message_zh) from None
    return results


def dumps(result: Any) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2)
