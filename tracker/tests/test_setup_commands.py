"""The set-up commands and settings a newcomer and an operator meet."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_development_key_is_refused_with_debug_off():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip() == "configuration error: SECRET_KEY must be set when DEBUG is off."


def test_a_malformed_debug_value_is_named():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_ensure_admin_creates_the_login_once_and_keeps_it(tmp_path, settings, capsys):
    settings.BASE_DIR = tmp_path
    call_command("ensure_admin", port="8123")
    first = capsys.readouterr().out
    call_command("ensure_admin", port="8123")
    second = capsys.readouterr().out

    assert User.objects.filter(username="admin", is_superuser=True).count() == 1
    assert "http://127.0.0.1:8123/admin/" in first
    password = first.split("password '")[1].split("'")[0]
    assert User.objects.get(username="admin").check_password(password)
    # Run again, the same login is printed: the password file is kept.
    assert f"password '{password}'" in second


def test_a_shared_cache_table_is_one_cache_for_every_process(tmp_path):
    """SHARED_CACHE_TABLE (docker-compose sets it): what one gunicorn worker counts, the others see."""
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "SHARED_CACHE_TABLE": "cache",
    }
    assert manage("createcachetable", **env).returncode == 0
    written = manage(
        "shell", "--no-imports", "-c", "from django.core.cache import cache; cache.set('budget', 41)", **env
    )
    assert written.returncode == 0, written.stderr
    read = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache; print(cache.get('budget'))",
        **env,
    )
    assert read.stdout.strip() == "41"
    # Without it, each process has its own cache in memory.
    del env["SHARED_CACHE_TABLE"]
    alone = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache; print(cache.get('budget'))",
        **env,
    )
    assert alone.stdout.strip() == "None"
