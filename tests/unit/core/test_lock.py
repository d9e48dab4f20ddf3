"""The lock files pin everything pyproject.toml asks for, with hashes, and
``make audit`` never calls a lock clean that it could not audit."""

import importlib.util
import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from pip_audit._format import JsonFormat
from pip_audit._service import ResolvedDependency, SkippedDependency
from pip_audit._service.interface import VulnerabilityResult

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pinned(lock_name):
    """``{name: {versions}}`` of a lock file, and the names lacking a hash."""
    text = (ROOT / "requirements" / lock_name).read_text()
    pins, unhashed = {}, []
    # One requirement per entry: its line and the continuation lines after it.
    for entry in re.split(r"\n(?=\S)", text):
        match = PIN.match(entry)
        if not match:
            continue
        name = canonicalize_name(match.group(1))
        pins.setdefault(name, set()).add(match.group(2))
        if "--hash=sha256:" not in entry:
            unhashed.append(name)
    return pins, unhashed


def declared(extra=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = (
        project["optional-dependencies"][extra] if extra else project["dependencies"]
    )
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    "lock_name, requirements",
    [
        ("base.txt", declared()),
        ("dev.txt", declared() + declared("dev")),
    ],
    ids=["base.txt", "dev.txt"],
)
def test_the_lock_pins_every_declared_dependency_within_its_range_with_hashes(
    lock_name, requirements
):
    pins, unhashed = pinned(lock_name)

    assert unhashed == []
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements/{lock_name}: make lock"
        assert any(requirement.specifier.contains(v) for v in pins[name]), (
            f"requirements/{lock_name} pins {name} {pins[name]} outside "
            f"{requirement.specifier}: make lock"
        )


def test_the_image_installs_the_same_versions_as_ci():
    base, _ = pinned("base.txt")
    dev, _ = pinned("dev.txt")

    assert {name: dev.get(name) for name in base} == base


@pytest.fixture
def audit_script():
    spec = importlib.util.spec_from_file_location(
        "audit", ROOT / "deploy" / "scripts" / "audit.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pip_audit_report(result):
    """The JSON pip-audit prints for ``result``, made by pip-audit itself."""
    return JsonFormat(output_desc=False, output_aliases=False).format(result, [])


def answers(monkeypatch, audit_script, by_service):
    """The vulnerability databases as they answer: the network is the boundary."""

    def run_pip_audit(lock_file, service):
        answer = by_service[service]
        if isinstance(answer, str):
            return None, answer
        return json.loads(pip_audit_report(answer)), None

    monkeypatch.setattr(audit_script, "run_pip_audit", run_pip_audit)


DJANGO = ResolvedDependency(name="django", version=Version("5.2.1"))
CELERY = ResolvedDependency(name="celery", version=Version("5.5.0"))


def test_audit_says_nothing_was_audited_when_no_database_answers(
    monkeypatch, audit_script
):
    skipped = {
        SkippedDependency(name=d.name, skip_reason=f"not found: {d.name}"): []
        for d in (DJANGO, CELERY)
    }
    answers(
        monkeypatch,
        audit_script,
        {"pypi": skipped, "osv": "Could not connect to OSV's vulnerability feed"},
    )
    out = io.StringIO()

    status = audit_script.audit("requirements/dev.txt", ["pypi", "osv"], out=out)

    assert status == audit_script.NOT_AUDITED == 2
    assert "NOT AUDITED" in out.getvalue()
    assert "Could not connect to OSV" in out.getvalue()
    assert "No known vulnerability" not in out.getvalue()


def test_audit_lists_a_vulnerability_with_its_fixed_version(monkeypatch, audit_script):
    vulnerability = VulnerabilityResult(
        id="PYSEC-2025-1",
        description="",
        fix_versions=[Version("5.2.2")],
        aliases=set(),
    )
    answers(
        monkeypatch,
        audit_script,
        {"pypi": "unreachable", "osv": {DJANGO: [vulnerability], CELERY: []}},
    )
    out = io.StringIO()

    status = audit_script.audit("requirements/dev.txt", ["pypi", "osv"], out=out)

    assert status == audit_script.VULNERABLE
    assert "2 packages audited with osv" in out.getvalue()
    assert "VULNERABLE django 5.2.1: PYSEC-2025-1 (fixed in 5.2.2)" in out.getvalue()


def test_audit_is_clean_only_when_packages_were_audited(monkeypatch, audit_script):
    answers(monkeypatch, audit_script, {"pypi": {DJANGO: [], CELERY: []}})
    out = io.StringIO()

    status = audit_script.audit("requirements/dev.txt", ["pypi"], out=out)

    assert status == audit_script.CLEAN
    assert "2 packages audited with pypi" in out.getvalue()
