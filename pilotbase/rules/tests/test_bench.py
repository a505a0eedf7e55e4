from __future__ import annotations

from pilotbase.rules import FactsError, bench, parse_facts


def test_bench_reports_throughput_and_memory() -> None:
    report = bench.run(300)
    assert set(report) == {"applicants", "per_second", "seconds", "peak_rss_mb"}
    assert report["applicants"] == 300
    assert report["per_second"] > 0 and report["peak_rss_mb"] > 0


def test_generated_applicants_are_valid_varied_and_deterministic() -> None:
    applicants = bench.generate(500)
    assert applicants == bench.generate(500)
    verdicts = set()
    from pilotbase.rules import evaluate

    for raw in applicants:
        try:
            verdicts.add(evaluate(parse_facts(raw)).verdict)
        except FactsError as error:  # pragma: no cover - would be a generator bug
            raise AssertionError(error) from error
    assert verdicts == {"meets_thresholds", "incomplete", "ineligible"}
