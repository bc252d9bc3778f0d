"""Victims' identities are ciphertext in the database, in history, and after a key rotation."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from incidents.choices import Disclosure
from incidents.models import Victim
from incidents.names import victim_name_q

NAME = "Zarema Qzxsecretova"
CONTACT = "+7 928 000 11 22, Grozny, Putina 4"


def raw(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def victim(db) -> Victim:
    return Victim.objects.create(
        name=NAME,
        other_names="Зарема Кзхсекретова",
        contact_details=CONTACT,
        identifying_details="scar on the left hand",
        disclosure=Disclosure.STAFF,
    )


def test_raw_sql_on_victims_and_their_history_returns_ciphertext(victim):
    columns = "name, other_names, contact_details, identifying_details, search_names"
    stored = raw(f"SELECT {columns} FROM incidents_victim WHERE id = %s", victim.pk)[0]
    history = raw(
        "SELECT name, other_names, contact_details, identifying_details FROM incidents_historicalvictim"
    )
    assert history
    dump = " ".join(str(value) for row in [stored, *history] for value in row).lower()
    # Whole phrases, not fragments: a short one ("928") turns up by chance in ciphertext.
    for secret in ("zarema", "qzxsecretova", "зарема", "928 000 11 22", "scar on the left"):
        assert secret not in dump
    assert stored[0].startswith("gAAAAA")
    assert Victim.objects.get(pk=victim.pk).name == NAME
    assert victim.history.first().contact_details == CONTACT


def test_a_victim_is_found_by_a_whole_name_word_in_any_script(victim):
    assert list(Victim.objects.filter(victim_name_q("qzxsecretova"))) == [victim]
    assert list(Victim.objects.filter(victim_name_q("Кзхсекретова zarema"))) == [victim]
    assert not Victim.objects.filter(victim_name_q("zarema nobody")).exists()


def test_rotation_re_encrypts_everything_and_the_new_key_alone_reads_it(victim, settings):
    old = list(settings.IDENTITY_KEYS)
    new = Fernet.generate_key()
    before = raw("SELECT name FROM incidents_victim")[0][0]
    history_before = raw("SELECT name FROM incidents_historicalvictim")

    with override_settings(IDENTITY_KEYS=[new, *old]):
        call_command("rotate_identity_key", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))

    assert raw("SELECT name FROM incidents_victim")[0][0] != before
    assert raw("SELECT name FROM incidents_historicalvictim") != history_before
    with override_settings(IDENTITY_KEYS=[new]):
        again = Victim.objects.get(pk=victim.pk)
        assert (again.name, again.contact_details) == (NAME, CONTACT)
        assert [h.name for h in again.history.all()] == [NAME]
        assert list(Victim.objects.filter(victim_name_q("zarema"))) == [victim]


def test_generate_prints_a_usable_key(capsys):
    call_command("rotate_identity_key", "--generate")
    Fernet(capsys.readouterr().out.strip())


def test_production_refuses_to_start_without_an_identity_key():
    import subprocess
    import sys

    env = {"SECRET_KEY": "x" * 50, "DEBUG": "0", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.IDENTITY_KEYS"],
        env={**env, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
    )
    assert "IDENTITY_KEYS must be set" in result.stderr
