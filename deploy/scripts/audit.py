"""Known vulnerabilities in the locked dependencies (``make audit``).

Runs pip-audit on a lock file against each vulnerability database in turn
(PyPI's per-release JSON API, then OSV; ``PIP_AUDIT_SERVICES`` changes the
list) and stops at the first one that answers. The exit status says what
happened:

- 0: every locked package was audited and none has a known vulnerability;
- 1: at least one known vulnerability (listed with the versions that fix it);
- 2: no database could be reached, or it knew none of the packages: nothing
  was audited, and the output says so instead of claiming the lock is clean.

Usage: ``python deploy/scripts/audit.py requirements/dev.txt``
"""

import json
import os
import subprocess
import sys
from pathlib import Path

DEFAULT_SERVICES = ("pypi", "osv")

CLEAN = 0
VULNERABLE = 1
NOT_AUDITED = 2


def run_pip_audit(lock_file, service):
    """pip-audit's JSON report of ``lock_file`` from ``service``, or its error."""
    pip_audit = Path(sys.executable).with_name("pip-audit")
    result = subprocess.run(
        [
            str(pip_audit),
            "--requirement",
            str(lock_file),
            # The lock pins every package with its hashes: nothing to resolve
            # or install, only versions to look up.
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
    )
    try:
        return json.loads(result.stdout), None
    except json.JSONDecodeError:
        error = result.stderr.strip().splitlines() or [
            f"exit status {result.returncode}"
        ]
        return None, error[-1]


def summarise(report):
    """Split pip-audit's report into (vulnerable, audited names, skipped)."""
    vulnerable, audited, skipped = [], [], []
    for dependency in report["dependencies"]:
        if "skip_reason" in dependency:
            skipped.append(dependency)
            continue
        audited.append(dependency["name"])
        if dependency["vulns"]:
            vulnerable.append(dependency)
    return vulnerable, audited, skipped


def audit(lock_file, services, out=sys.stdout):
    """Audit ``lock_file`` with the first of ``services`` that answers."""
    failures = []
    for service in services:
        report, error = run_pip_audit(lock_file, service)
        if report is None:
            failures.append(f"{service}: {error}")
            continue
        vulnerable, audited, skipped = summarise(report)
        if not audited:
            failures.append(
                f"{service}: answered for none of the {len(skipped)} locked "
                f"packages ({skipped[0]['skip_reason'] if skipped else 'empty lock'})"
            )
            continue
        print(f"{lock_file}: {len(audited)} packages audited with {service}.", file=out)
        for dependency in skipped:
            print(f"  not audited: {dependency['skip_reason']}", file=out)
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                fixes = ", ".join(vuln["fix_versions"]) or "no fixed version yet"
                print(
                    f"  VULNERABLE {dependency['name']} {dependency['version']}: "
                    f"{vuln['id']} (fixed in {fixes})",
                    file=out,
                )
        if vulnerable:
            return VULNERABLE
        print("  No known vulnerability.", file=out)
        return CLEAN
    print(
        f"{lock_file}: NOT AUDITED. No vulnerability database could be reached "
        "from this machine, so nothing is known about the locked versions:",
        file=out,
    )
    for failure in failures:
        print(f"  {failure}", file=out)
    print(
        "  Run `make audit` where PyPI's JSON API or OSV answers, "
        "or choose others with PIP_AUDIT_SERVICES (e.g. 'osv').",
        file=out,
    )
    return NOT_AUDITED


def main(argv):
    lock_files = argv or ["requirements/dev.txt"]
    services = os.environ.get("PIP_AUDIT_SERVICES", "").split() or DEFAULT_SERVICES
    return max(audit(lock_file, services) for lock_file in lock_files)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
