"""The goals of issue #14 ("Speed"), checked against one ``bench.py`` run.

Pure functions over the bench's result rows (``{"name", "page": {"rps",
"p95_ms", ...}, "ratio", ...}``) and the committed baseline: no Django, no
server, so ``tests/unit/bench/test_bench_goals.py`` checks them directly.

The goals:

- every anonymous page serves at least ``STATIC_RATIO_GOAL`` of the requests/s
  of a static response of its size from the same server (its ``ratio``);
- a signed-in consumer's catalogue and basket serve ``SPEEDUP_GOAL`` times the
  requests/s of the baseline (the code before the page cache, measured and
  committed in ``baseline.json``), with a p95 of at most ``P95_GOAL_MS``;
- our catalogue serves ``STOCK_OSCAR_GOAL`` times the requests/s of stock
  Oscar's catalogue view on the same data (``stock_oscar.py``).
"""

import json
from dataclasses import dataclass
from pathlib import Path

BASELINE_PATH = Path(__file__).resolve().parent / "baseline.json"

STATIC_RATIO_GOAL = 0.50
SPEEDUP_GOAL = 10.0
P95_GOAL_MS = 150.0
STOCK_OSCAR_GOAL = 3.0

ANONYMOUS_PAGES = (
    "home",
    "catalogue",
    "category",
    "product",
    "storefront",
    "directory",
    "wagtail",
)
SIGNED_IN_PAGES = ("signed-in catalogue", "signed-in basket")
STOCK_OSCAR_PAGE = "oscar catalogue"
OUR_CATALOGUE_PAGE = "catalogue"


class BaselineError(Exception):
    """The baseline file is missing a page or a figure the goals need."""


@dataclass(frozen=True)
class Verdict:
    """One goal, what this run measured for it, and whether that meets it."""

    goal: str
    target: float
    measured: float | None
    at_least: bool = True  # False: the measure must not exceed the target
    unit: str = ""
    detail: str = ""

    @property
    def met(self):
        if self.measured is None:
            return False
        if self.at_least:
            return self.measured >= self.target
        return self.measured <= self.target

    @property
    def shortfall(self):
        """How far from the target, as a factor (> 1 when not met), or None."""
        if self.measured is None or self.met:
            return None
        if self.at_least:
            return float("inf") if self.measured <= 0 else self.target / self.measured
        return self.measured / self.target

    def line(self):
        relation = "≥" if self.at_least else "≤"
        target = f"{relation} {fmt(self.target)}{self.unit}"
        if self.measured is None:
            outcome = "NOT MEASURED"
            measured = "—"
        elif self.met:
            outcome = "met"
            measured = f"{fmt(self.measured)}{self.unit}"
        else:
            measured = f"{fmt(self.measured)}{self.unit}"
            factor = self.shortfall
            if self.at_least:
                missing = f"{(1 - self.measured / self.target) * 100:.0f} % short"
                outcome = f"NOT MET ({missing}, ×{fmt(factor)} to go)"
            else:
                over = f"{(factor - 1) * 100:.0f} % over"
                outcome = f"NOT MET ({over}, ÷{fmt(factor)} to go)"
        detail = f"  [{self.detail}]" if self.detail else ""
        return f"{self.goal:<44} {target:>11}  {measured:>10}  {outcome}{detail}"


def fmt(value):
    """A figure with the digits that matter at its size."""
    if value == float("inf"):
        return "∞"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def measured_rows(results):
    """The rows measured without error, by page name."""
    return {row["name"]: row for row in results if "error" not in row}


def read_baseline(path=BASELINE_PATH):
    """The baseline's pages as ``{name: {"rps", "p95_ms"}}``, or None when the
    file does not exist; a file without a figure the goals need is an error."""
    path = Path(path)
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    pages = data.get("pages")
    if not isinstance(pages, dict):
        raise BaselineError(f"{path}: no 'pages' object")
    baseline = {}
    for name in SIGNED_IN_PAGES:
        figures = pages.get(name)
        if not isinstance(figures, dict):
            raise BaselineError(f"{path}: no figures for {name!r}")
        try:
            rps = float(figures["rps"])
            p95 = float(figures["p95_ms"])
        except (KeyError, TypeError, ValueError) as exc:
            raise BaselineError(f"{path}: {name!r} needs rps and p95_ms") from exc
        if rps <= 0:
            raise BaselineError(f"{path}: {name!r} has rps {rps}, not > 0")
        baseline[name] = {"rps": rps, "p95_ms": p95}
    return baseline


def baseline_document(results, context):
    """The baseline file's content from one run: the signed-in pages' figures
    and the run's ``context`` (date, revision, conditions)."""
    rows = measured_rows(results)
    missing = [name for name in SIGNED_IN_PAGES if name not in rows]
    if missing:
        raise BaselineError(f"not measured in this run: {', '.join(missing)}")
    return {
        **context,
        "pages": {
            name: {
                "path": rows[name]["path"],
                "rps": round(rows[name]["page"]["rps"], 2),
                "p50_ms": round(rows[name]["page"]["p50_ms"], 1),
                "p95_ms": round(rows[name]["page"]["p95_ms"], 1),
                "queries": rows[name].get("queries"),
            }
            for name in SIGNED_IN_PAGES
        },
    }


def evaluate(results, baseline):
    """Every goal of the issue, each with this run's figure: a ``Verdict`` list.

    ``baseline`` is what ``read_baseline`` returns (None: no baseline, the
    speed-up goals are not measured).
    """
    rows = measured_rows(results)
    verdicts = []
    for name in ANONYMOUS_PAGES:
        row = rows.get(name)
        verdicts.append(
            Verdict(
                goal=f"{name}: req/s ÷ static twin's",
                target=STATIC_RATIO_GOAL,
                measured=row["ratio"] if row else None,
            )
        )
    for name in SIGNED_IN_PAGES:
        row = rows.get(name)
        before = baseline.get(name) if baseline else None
        speedup = row["page"]["rps"] / before["rps"] if row and before else None
        verdicts.append(
            Verdict(
                goal=f"{name}: req/s ÷ baseline's",
                target=SPEEDUP_GOAL,
                measured=speedup,
                unit="×",
                detail=(
                    f"{row['page']['rps']:.1f} vs {before['rps']:.1f} req/s"
                    if row and before
                    else "no baseline"
                    if row
                    else ""
                ),
            )
        )
        verdicts.append(
            Verdict(
                goal=f"{name}: p95",
                target=P95_GOAL_MS,
                measured=row["page"]["p95_ms"] if row else None,
                at_least=False,
                unit=" ms",
            )
        )
    ours, stock = rows.get(OUR_CATALOGUE_PAGE), rows.get(STOCK_OSCAR_PAGE)
    if stock and not stock["page"]["rps"] > 0:
        stock = None
    verdicts.append(
        Verdict(
            goal="catalogue: req/s ÷ stock Oscar's",
            target=STOCK_OSCAR_GOAL,
            measured=(
                ours["page"]["rps"] / stock["page"]["rps"] if ours and stock else None
            ),
            unit="×",
            detail=(
                f"{ours['page']['rps']:.1f} vs {stock['page']['rps']:.1f} req/s"
                if ours and stock
                else ""
            ),
        )
    )
    return verdicts


def summary(verdicts):
    """The summary's lines: a header, one line per goal, then the count met."""
    header = f"{'goal':<44} {'target':>11}  {'measured':>10}  outcome"
    met = sum(verdict.met for verdict in verdicts)
    return [
        header,
        "-" * len(header),
        *(verdict.line() for verdict in verdicts),
        f"{met} of {len(verdicts)} goals met",
    ]
