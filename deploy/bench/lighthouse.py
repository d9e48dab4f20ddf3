#!/usr/bin/env python
"""``make bench``, second part: Lighthouse (mobile) on the shop's main pages.

One run:

1. prepares the bench's database, static files and generated catalogue with
   ``bench.py``'s functions (production settings, so static files are
   collected with whitenoise's ``CompressedManifestStaticFilesStorage``:
   hashed names, gzip and Brotli copies, far-future caching);
2. installs Lighthouse as pinned in ``deploy/bench/package-lock.json``
   (``npm ci``, skipped when ``node_modules`` matches the lock);
3. starts gunicorn as ``bench.py`` does and runs Lighthouse on the home,
   catalogue, product and storefront pages, with its default form factor
   (a mobile phone, simulated slow 4G and CPU) in Debian's Chromium
   (``CHROME_PATH``, default /usr/bin/chromium), headless;
4. prints the four category scores per page, each marked against the goal
   (accessibility, best practices and SEO >= 95; performance >= 90), and
   writes ``var/bench/lighthouse.json`` and each page's full report under
   ``var/bench/lighthouse/``.

With no internet, Lighthouse still completes: it only loads the page under
test and what that page asks for; a request to another origin that cannot
be reached fails and counts against the page (as it would for a visitor).
Each run is bounded by ``--max-wait-for-load`` and a timeout of its own.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (deploy/bench/bench.py, beside this file)

BENCH_DIR = bench.BENCH_DIR
OUT_DIR = bench.VAR / "lighthouse"
RESULTS = bench.VAR / "lighthouse.json"
LIGHTHOUSE = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
RUN_TIMEOUT = 240  # seconds, for one page's Lighthouse run
# collectstatic compresses every file (gzip and Brotli): minutes on a small,
# busy machine, more than bench.py's step timeout allows.
bench.STEP_TIMEOUT = max(bench.STEP_TIMEOUT, 900)

PAGES = [
    ("home", "/"),
    ("catalogue", "/boutique/catalogue/"),
    ("product", "{product}"),
    ("storefront", "{storefront}"),
]
LOOKUPS = {
    **bench.URL_LOOKUPS,
    "storefront": (
        "get_model('vendors', 'Vendor')._default_manager"
        ".filter(status='approved').order_by('pk').first().get_absolute_url()"
    ),
}

CATEGORIES = [
    ("performance", "perf", 90),
    ("accessibility", "a11y", 95),
    ("best-practices", "best pr.", 95),
    ("seo", "SEO", 95),
]

# Headless Chromium as root in a container: no sandbox, no GPU, /tmp for
# shared memory; no background calls home (updates, sync, field trials).
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
]


def install_lighthouse():
    """``npm ci`` in deploy/bench/ unless the installed tree matches the lock."""
    npm = shutil.which("npm")
    if npm is None:
        raise bench.BenchError("npm is not installed (Node.js 18.16 or later)")
    lock = BENCH_DIR / "package-lock.json"
    installed = BENCH_DIR / "node_modules" / ".package-lock.json"
    if (
        LIGHTHOUSE.exists()
        and installed.exists()
        and installed.stat().st_mtime >= lock.stat().st_mtime
    ):
        return
    bench.log("npm ci (Lighthouse as pinned in deploy/bench/package-lock.json)")
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=BENCH_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise bench.BenchError(f"npm ci failed:\n{done.stdout[-2000:]}{done.stderr}")


def run_lighthouse(url, name, chrome_path):
    """Lighthouse's report (a dict) of ``url``; the JSON is kept in OUT_DIR."""
    output = OUT_DIR / f"{name}.json"
    output.unlink(missing_ok=True)
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--only-categories=" + ",".join(key for key, _, _ in CATEGORIES),
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
        "--max-wait-for-load=45000",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": chrome_path}
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=BENCH_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            start_new_session=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise bench.BenchError(f"Lighthouse on {url} took over {RUN_TIMEOUT}s") from exc
    if done.returncode != 0 or not output.exists():
        raise bench.BenchError(
            f"Lighthouse on {url} failed ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    bench.log(f"lighthouse {name}: {time.monotonic() - started:.0f}s")
    return json.loads(output.read_text())


def scores_of(report):
    """{category: score out of 100, or None when Lighthouse could not score it}."""
    scores = {}
    for key, _, _ in CATEGORIES:
        score = report["categories"].get(key, {}).get("score")
        scores[key] = None if score is None else round(score * 100)
    return scores


def failed_audits(report, limit=6):
    """The audits that cost points, worst first, as "category: title" lines."""
    lines = []
    for key, _, _ in CATEGORIES:
        category = report["categories"].get(key, {})
        refs = [
            ref
            for ref in category.get("auditRefs", [])
            if ref.get("weight", 0) > 0
            and report["audits"][ref["id"]].get("score") not in (None, 1)
        ]
        refs.sort(key=lambda ref: report["audits"][ref["id"]]["score"])
        for ref in refs[:limit]:
            audit = report["audits"][ref["id"]]
            value = audit.get("displayValue") or ""
            lines.append(f"{key}: {audit['title']} {value}".rstrip())
    return lines


def table(rows):
    header = ["page", *(label for _, label, _ in CATEGORIES)]
    lines = ["  ".join(f"{cell:<12}" for cell in header)]
    for row in rows:
        cells = [row["name"]]
        for key, _, goal in CATEGORIES:
            score = row.get("scores", {}).get(key)
            if score is None:
                cells.append("error" if "error" in row else "n/a")
            else:
                cells.append(f"{score} {'met' if score >= goal else 'NOT MET'}")
        lines.append("  ".join(f"{cell:<12}" for cell in cells))
    goals = ", ".join(f"{label} >= {goal}" for _, label, goal in CATEGORIES)
    lines.append(f"goal: {goals}")
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--artisans", type=int, default=50)
    parser.add_argument(
        "--database", choices=["auto", "postgresql", "sqlite"], default="auto"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--chrome-path", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, bench.stop_on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = time.monotonic()
    if not Path(args.chrome_path).exists():
        raise bench.BenchError(f"no Chromium at {args.chrome_path} (CHROME_PATH)")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    install_lighthouse()

    database = bench.pick_database(args.database)
    env = bench.prepare_database(database)
    bench.manage(env, "collectstatic", "--noinput", "--verbosity=0")
    output = bench.manage(
        env,
        "generate_catalogue",
        f"--products={args.products}",
        f"--artisans={args.artisans}",
        "--home-page",
    )
    bench.log(output.strip())
    paths = bench.resolve_paths(env, PAGES, LOOKUPS)

    rows = []
    with bench.Gunicorn(env, args.workers, "sync") as server:
        base = f"http://127.0.0.1:{server.port}"
        for name, path in paths.items():
            row = {"name": name, "path": path}
            try:
                report = run_lighthouse(base + path, name, args.chrome_path)
            except bench.BenchError as exc:
                bench.log(str(exc))
                row["error"] = str(exc)[:500]
            else:
                row["scores"] = scores_of(report)
                row["lost_on"] = failed_audits(report)
                row["lighthouse"] = report.get("lighthouseVersion")
                row["runtime_error"] = report.get("runtimeError", {}).get("message")
            rows.append(row)

    RESULTS.write_text(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "revision": bench.git_revision(),
                "form_factor": "mobile (Lighthouse's default, simulated throttling)",
                "catalogue": {"products": args.products, "artisans": args.artisans},
                "database": database.vendor,
                "pages": rows,
            },
            indent=2,
        )
        + "\n"
    )
    print()
    print(table(rows))
    for row in rows:
        if row.get("lost_on"):
            print(f"\n{row['name']} ({row['path']}) loses points on:")
            print("\n".join(f"  - {line}" for line in row["lost_on"]))
    print(f"\nreports: {OUT_DIR}/<page>.json; summary: {RESULTS}")
    bench.log(f"done in {time.monotonic() - started:.0f}s")
    return 1 if any("error" in row for row in rows) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except bench.BenchError as exc:
        bench.log(f"failed: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        bench.log("interrupted")
        sys.exit(130)
