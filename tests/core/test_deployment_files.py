"""docker-compose.yml is the documented way to run the product; no Docker engine runs here, so
validate it against the Compose specification and check that every name it uses exists."""

import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def test_compose_file_matches_the_compose_specification():
    tool = shutil.which("check-jsonschema") or str(
        Path(__import__("sys").executable).parent / "check-jsonschema"
    )
    result = subprocess.run(
        [tool, "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_services_and_volumes_it_names_exist():
    spec = yaml.safe_load(COMPOSE.read_text())
    services, volumes = spec["services"], spec.get("volumes", {})
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name, service in services.items():
        depends = service.get("depends_on", {})
        for dependency in depends if isinstance(depends, (list, dict)) else []:
            assert dependency in services, f"{name} depends on unknown service {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in volumes, f"{name} mounts undeclared volume {source}"
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], f"{name} has no health check"


def test_env_example_documents_every_setting_the_app_reads():
    settings_text = (ROOT / "qms_leadership" / "settings.py").read_text()
    import re

    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_text)) | set(
        re.findall(r'Env\(\)\.str\(\s*"([A-Z_]+)"', settings_text)
    )
    documented = {
        line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line
    }
    assert read, "no settings found; the pattern is out of date"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"


def test_compose_has_no_default_database_password_and_refuses_to_start_without_one():
    text = COMPOSE.read_text()
    spec = yaml.safe_load(text)
    assert ":-qms" not in text and "POSTGRES_PASSWORD:-" not in text
    password = spec["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert password.startswith("${POSTGRES_PASSWORD:?"), password
    assert "${POSTGRES_PASSWORD:?" in spec["x-app"]["environment"]["DATABASE_URL"]


def test_compose_publishes_the_web_port_on_loopback_only():
    spec = yaml.safe_load(COMPOSE.read_text())
    assert spec["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
    for name, service in spec["services"].items():
        if name != "web":
            assert "ports" not in service, f"{name} publishes a port"


def test_dockerignore_keeps_secrets_databases_and_history_out_of_the_image():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", ".git", "var", ".venv"} <= ignored
    assert "!.env.example" in ignored
