"""The bench's goals (issue #14): ratios, speed-ups, the summary's verdicts and
the baseline file.

Pure functions over result rows shaped as ``deploy/bench/bench.py`` makes
them; no server, no database.
"""

import json

import pytest

from deploy.bench.bench import SIGNED_IN_MARKERS, missing_markers
from deploy.bench.bench_goals import (
    ANONYMOUS_PAGES,
    P95_GOAL_MS,
    SIGNED_IN_PAGES,
    BaselineError,
    Verdict,
    baseline_document,
    evaluate,
    read_baseline,
    summary,
)


def row(name, rps, p95_ms=50.0, ratio=None, path="/"):
    return {
        "name": name,
        "path": path,
        "page": {"rps": rps, "p50_ms": p95_ms / 2, "p95_ms": p95_ms},
        "static": {"rps": 1000.0},
        "ratio": ratio if ratio is not None else rps / 1000.0,
        "queries": 12,
    }


def verdict_for(verdicts, goal_start):
    (found,) = [v for v in verdicts if v.goal.startswith(goal_start)]
    return found


BASELINE = {
    "signed-in catalogue": {"rps": 20.0, "p95_ms": 600.0},
    "signed-in basket": {"rps": 25.0, "p95_ms": 500.0},
}


def test_an_anonymous_page_meets_its_goal_at_half_its_static_twin():
    # given a page at exactly half, one just below
    results = [row("home", 500.0, ratio=0.50), row("catalogue", 490.0, ratio=0.49)]

    # when
    verdicts = evaluate(results, BASELINE)

    # then
    assert verdict_for(verdicts, "home:").met
    catalogue = verdict_for(verdicts, "catalogue: req/s ÷ static")
    assert not catalogue.met
    assert catalogue.measured == pytest.approx(0.49)


def test_every_goal_of_the_issue_is_listed_even_when_its_page_was_not_measured():
    verdicts = evaluate([row("home", 500.0, ratio=0.6)], None)

    goals = [v.goal for v in verdicts]
    for name in ANONYMOUS_PAGES:
        assert f"{name}: req/s ÷ static twin's" in goals
    for name in SIGNED_IN_PAGES:
        assert f"{name}: req/s ÷ baseline's" in goals
        assert f"{name}: p95" in goals
    assert "catalogue: req/s ÷ stock Oscar's" in goals
    unmeasured = [v for v in verdicts if v.measured is None]
    assert len(unmeasured) == len(verdicts) - 1
    assert all(not v.met and "NOT MEASURED" in v.line() for v in unmeasured)


def test_a_page_that_failed_counts_as_not_measured():
    failed = {"name": "directory", "path": "/artisans/", "error": "answered 500"}

    verdict = verdict_for(evaluate([failed], BASELINE), "directory:")

    assert verdict.measured is None
    assert not verdict.met


def test_signed_in_speed_up_divides_by_the_baseline_and_needs_ten_times():
    results = [
        row("signed-in catalogue", 200.0, p95_ms=120.0),
        row("signed-in basket", 240.0, p95_ms=151.0),
    ]

    verdicts = evaluate(results, BASELINE)

    catalogue = verdict_for(verdicts, "signed-in catalogue: req/s")
    assert catalogue.measured == pytest.approx(10.0)
    assert catalogue.met
    assert "200.0 vs 20.0 req/s" in catalogue.line()
    basket = verdict_for(verdicts, "signed-in basket: req/s")
    assert basket.measured == pytest.approx(9.6)
    assert not basket.met
    assert verdict_for(verdicts, "signed-in catalogue: p95").met
    assert not verdict_for(verdicts, "signed-in basket: p95").met


def test_without_a_baseline_the_speed_up_is_not_measured_but_the_p95_is():
    verdicts = evaluate([row("signed-in basket", 240.0, p95_ms=100.0)], None)

    speedup = verdict_for(verdicts, "signed-in basket: req/s")
    assert speedup.measured is None
    assert "no baseline" in speedup.line()
    assert verdict_for(verdicts, "signed-in basket: p95").measured == 100.0


def test_our_catalogue_against_stock_oscars_needs_three_times_its_requests():
    met = evaluate([row("catalogue", 300.0), row("oscar catalogue", 100.0)], None)
    short = evaluate([row("catalogue", 290.0), row("oscar catalogue", 100.0)], None)

    assert verdict_for(met, "catalogue: req/s ÷ stock").met
    short_verdict = verdict_for(short, "catalogue: req/s ÷ stock")
    assert short_verdict.measured == pytest.approx(2.9)
    assert not short_verdict.met


def test_a_goal_not_met_says_by_how_much():
    too_slow = Verdict(goal="home", target=0.5, measured=0.25)
    too_long = Verdict(goal="p95", target=150.0, measured=300.0, at_least=False)

    assert too_slow.shortfall == pytest.approx(2.0)
    assert "0.250" in too_slow.line()
    assert "NOT MET (50 % short, ×2.00 to go)" in too_slow.line()
    assert too_long.shortfall == pytest.approx(2.0)
    assert "NOT MET (100 % over, ÷2.00 to go)" in too_long.line()


def test_a_goal_met_says_met_and_has_no_shortfall():
    verdict = Verdict(goal="p95", target=P95_GOAL_MS, measured=150.0, at_least=False)

    assert verdict.met
    assert verdict.shortfall is None
    assert verdict.line().rstrip().endswith("met")


def test_the_summary_counts_the_goals_met():
    verdicts = [
        Verdict(goal="a", target=1.0, measured=2.0),
        Verdict(goal="b", target=1.0, measured=0.5),
        Verdict(goal="c", target=1.0, measured=None),
    ]

    lines = summary(verdicts)

    assert lines[-1] == "1 of 3 goals met"
    assert len(lines) == 2 + 3 + 1


def test_a_baseline_written_from_a_run_reads_back_as_its_figures(tmp_path):
    results = [
        row("signed-in catalogue", 21.456, p95_ms=612.34, path="/boutique/catalogue/"),
        row("signed-in basket", 30.0, p95_ms=480.0, path="/boutique/basket/"),
        row("home", 400.0),
    ]
    path = tmp_path / "baseline.json"

    document = baseline_document(results, {"date": "2026-12-03", "revision": "abc"})
    path.write_text(json.dumps(document))

    assert document["revision"] == "abc"
    assert document["pages"]["signed-in catalogue"]["path"] == "/boutique/catalogue/"
    assert read_baseline(path) == {
        "signed-in catalogue": {"rps": 21.46, "p95_ms": 612.3},
        "signed-in basket": {"rps": 30.0, "p95_ms": 480.0},
    }


def test_no_baseline_is_written_from_a_run_that_missed_a_signed_in_page():
    results = [
        row("signed-in catalogue", 20.0),
        {"name": "signed-in basket", "path": "/boutique/basket/", "error": "302"},
    ]

    with pytest.raises(BaselineError, match="signed-in basket"):
        baseline_document(results, {})


def test_a_missing_baseline_file_reads_as_none(tmp_path):
    assert read_baseline(tmp_path / "absent.json") is None


@pytest.mark.parametrize(
    "pages",
    [
        {"signed-in catalogue": {"rps": 20.0, "p95_ms": 600.0}},
        {
            "signed-in catalogue": {"rps": 20.0},
            "signed-in basket": {"rps": 25.0, "p95_ms": 500.0},
        },
        {
            "signed-in catalogue": {"rps": 0, "p95_ms": 600.0},
            "signed-in basket": {"rps": 25.0, "p95_ms": 500.0},
        },
    ],
    ids=["a page missing", "a figure missing", "no requests"],
)
def test_a_baseline_without_what_the_goals_divide_by_is_refused(tmp_path, pages):
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"pages": pages}))

    with pytest.raises(BaselineError):
        read_baseline(path)


def test_the_committed_baseline_holds_both_signed_in_pages():
    baseline = read_baseline()

    assert baseline is not None, "deploy/bench/baseline.json is missing"
    assert set(baseline) == set(SIGNED_IN_PAGES)
    assert all(figures["rps"] > 0 for figures in baseline.values())


def markers_for(name, basket_items):
    return [m.format(basket_items=basket_items) for m in SIGNED_IN_MARKERS[name]]


def test_the_signed_in_catalogue_is_told_from_the_anonymous_one_by_its_markers():
    markers = markers_for("signed-in catalogue", 3)
    signed_in = (
        '<a id="logout_link" href="/logout/">'
        '<span class="basket-mini__count" aria-hidden="true">3</span>'
    )
    anonymous = (
        '<a id="login_link" href="/login/">'
        '<span class="basket-mini__count" aria-hidden="true">0</span>'
    )

    assert missing_markers(signed_in, markers) == []
    assert missing_markers(anonymous, markers) == markers


def test_the_signed_in_basket_must_show_every_line_put_in_it():
    markers = markers_for("signed-in basket", 3)
    line = '<li class="basket-line">\n<h3>Savon</h3></li>\n'

    assert missing_markers('<a id="logout_link">' + line * 3, markers) == []
    assert missing_markers('<a id="logout_link">' + line * 2, markers) == [markers[1]]


def test_a_stock_oscar_page_that_served_nothing_is_no_ratio():
    verdicts = evaluate([row("catalogue", 300.0), row("oscar catalogue", 0.0)], None)

    verdict = verdict_for(verdicts, "catalogue: req/s ÷ stock")
    assert verdict.measured is None
    assert not verdict.met
