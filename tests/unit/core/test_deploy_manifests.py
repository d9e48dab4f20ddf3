"""The Kubernetes manifests and the compose file hold what production needs.

No cluster or Docker engine here: these are structural checks of the files
as written (every Deployment probed, every container bounded, the index Job
and the backup CronJob present, the site's address set), tied to the code
they name (probe paths resolve to our views, commands exist, the beat probe
reads the file beat's scheduler writes).
"""

import os
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

from shop.apps.core import views as core_views

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
COMPOSE = ROOT / "deploy" / "docker-compose.yml"


def load_documents(path):
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


@pytest.fixture(scope="module")
def kustomization():
    return yaml.safe_load((K8S / "kustomization.yaml").read_text())


@pytest.fixture(scope="module")
def manifests(kustomization):
    """Every object ``kubectl apply -k deploy/k8s`` would apply."""
    return [
        doc for name in kustomization["resources"] for doc in load_documents(K8S / name)
    ]


def objects(manifests, kind):
    return {doc["metadata"]["name"]: doc for doc in manifests if doc["kind"] == kind}


def pod_spec(obj):
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return obj["spec"]["template"]["spec"]


def containers(obj, *, init=True):
    spec = pod_spec(obj)
    return spec["containers"] + (spec.get("initContainers", []) if init else [])


def container_named(obj, name):
    (container,) = [c for c in containers(obj) if c["name"] == name]
    return container


def probe_shell(probe):
    """The shell line an exec probe runs."""
    command = probe["exec"]["command"]
    return command[2] if command[:2] == ["sh", "-c"] else " ".join(command)


def test_every_manifest_in_the_folder_is_applied(kustomization):
    on_disk = {
        path.name
        for path in K8S.glob("*.yaml")
        if path.name not in {"kustomization.yaml", "secret.template.yaml"}
    }

    assert set(kustomization["resources"]) == on_disk


def test_every_deployment_has_readiness_and_liveness_probes(manifests):
    deployments = objects(manifests, "Deployment")

    assert set(deployments) == {"boutique-web", "boutique-worker", "boutique-beat"}
    for name, deployment in deployments.items():
        for container in containers(deployment, init=False):
            assert "readinessProbe" in container, name
            assert "livenessProbe" in container, name


def test_every_container_has_requests_and_a_memory_limit(manifests):
    workloads = [
        doc for doc in manifests if doc["kind"] in {"Deployment", "Job", "CronJob"}
    ]

    assert len(workloads) >= 6
    for workload in workloads:
        for container in containers(workload):
            resources = container.get("resources", {})
            where = f"{workload['metadata']['name']}/{container['name']}"
            assert {"cpu", "memory"} <= set(resources.get("requests", {})), where
            assert "memory" in resources.get("limits", {}), where


def test_web_probes_ask_readyz_and_livez_with_an_allowed_host(manifests):
    web = container_named(objects(manifests, "Deployment")["boutique-web"], "web")
    config = objects(manifests, "ConfigMap")["boutique-config"]["data"]
    allowed_hosts = config["ALLOWED_HOSTS"].split(",")

    readiness, liveness = web["readinessProbe"], web["livenessProbe"]

    assert resolve(readiness["httpGet"]["path"]).func == core_views.readyz
    assert resolve(liveness["httpGet"]["path"]).func == core_views.livez
    for probe in (readiness, liveness):
        (host,) = [h["value"] for h in probe["httpGet"]["httpHeaders"]]
        assert host in allowed_hosts


def test_worker_probes_ping_this_pods_own_worker(manifests):
    worker = container_named(
        objects(manifests, "Deployment")["boutique-worker"], "worker"
    )

    for probe in (worker["readinessProbe"], worker["livenessProbe"]):
        line = probe_shell(probe)
        assert line.startswith("celery -A shop inspect ping")
        assert "--destination celery@$HOSTNAME" in line


def test_beat_probe_reads_the_heartbeat_its_scheduler_writes(manifests, tmp_path):
    beat = container_named(objects(manifests, "Deployment")["boutique-beat"], "beat")
    (schedule_option,) = [a for a in beat["command"] if a.startswith("--schedule=")]
    heartbeat = schedule_option.split("=", 1)[1] + ".heartbeat"
    liveness = probe_shell(beat["livenessProbe"])

    assert settings.CELERY_BEAT_SCHEDULER == "shop.apps.core.beat:HeartbeatScheduler"
    assert heartbeat in liveness
    assert heartbeat in probe_shell(beat["readinessProbe"])

    # The probe's own shell line, on a heartbeat file of ours.
    ours = tmp_path / "celerybeat-schedule.heartbeat"
    line = liveness.replace(heartbeat, str(ours))

    def probe():
        return subprocess.run(["sh", "-c", line], capture_output=True).returncode

    assert probe() != 0, "no heartbeat yet must fail"
    ours.touch()
    assert probe() == 0
    ten_minutes_ago = time.time() - 600
    os.utime(ours, (ten_minutes_ago, ten_minutes_ago))
    assert probe() != 0, "a heartbeat ten minutes old must fail"


def test_a_job_builds_the_search_index_after_the_migrations(manifests):
    jobs = objects(manifests, "Job")
    index_job = jobs["boutique-search-index"]
    (container,) = containers(index_job, init=False)
    (waiting,) = pod_spec(index_job)["initContainers"]

    assert container["command"][1:3] == ["manage.py", "search_rebuild"]
    assert "search_rebuild" in get_commands()
    assert "manage.py migrate --check" in waiting["command"][2]
    assert jobs["boutique-migrate"]["spec"]["template"]["spec"]["containers"][0][
        "command"
    ] == ["python", "manage.py", "migrate", "--noinput"]


def test_a_cronjob_dumps_the_database_every_night_onto_its_own_volume(manifests):
    backup = objects(manifests, "CronJob")["boutique-db-backup"]
    (container,) = containers(backup)
    spec = pod_spec(backup)
    (volume,) = spec["volumes"]

    assert backup["spec"]["concurrencyPolicy"] == "Forbid"
    assert "pg_dump --format=custom" in container["command"][2]
    assert container["image"].startswith("postgres:")
    claim = volume["persistentVolumeClaim"]["claimName"]
    assert claim in objects(manifests, "PersistentVolumeClaim")
    assert {m["name"] for m in container["volumeMounts"]} == {volume["name"]}


def test_configmap_sets_the_sites_public_address(manifests):
    config = objects(manifests, "ConfigMap")["boutique-config"]["data"]

    assert config["SITE_SCHEME"] == "https"
    assert config["SITE_DOMAIN"] in config["ALLOWED_HOSTS"].split(",")
    assert config["WAGTAILADMIN_BASE_URL"] == (
        f"{config['SITE_SCHEME']}://{config['SITE_DOMAIN']}"
    )
    assert config["DJANGO_SETTINGS_MODULE"] == "shop.settings.production"


def test_secret_template_offers_sentry_dsn_and_the_required_variables():
    (secret,) = load_documents(K8S / "secret.template.yaml")

    assert {"SECRET_KEY", "DATABASE_URL", "SENTRY_DSN"} <= set(secret["stringData"])


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


def app_services(compose):
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("image", "").startswith("artisans-marketplace")
    }


def test_compose_gives_every_app_service_the_sites_address_and_sentry(compose):
    services = app_services(compose)

    assert {"web", "worker", "beat", "migrate", "search-index"} <= set(services)
    for name, service in services.items():
        environment = service["environment"]
        for variable in (
            "SITE_DOMAIN",
            "SITE_SCHEME",
            "WAGTAILADMIN_BASE_URL",
            "SENTRY_DSN",
        ):
            assert variable in environment, (name, variable)


def test_compose_probes_readiness_and_offers_the_index_build(compose):
    services = compose["services"]

    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
    assert ".heartbeat" in " ".join(services["beat"]["healthcheck"]["test"])
    index = services["search-index"]
    assert index["command"] == ["python", "manage.py", "search_rebuild"]
    # A one-off: `docker compose run --rm search-index`, never started by `up`.
    assert index["profiles"] == ["tools"]
    assert index["restart"] == "no"
