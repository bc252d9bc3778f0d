"""One test per filter of `export_report`, counting the incidents it keeps; bad input names the option."""

import csv

import pytest
from django.core.management import CommandError, call_command


def exported_titles(folder, user, *options) -> set[str]:
    call_command(
        "export_report", "--format", "csv", "--out", str(folder), "--as", user.username, *options, verbosity=0
    )
    with open(folder / "incidents.csv", newline="", encoding="utf-8") as stream:
        return {row["title"] for row in csv.DictReader(stream)}


GROZNY, ARGUN, HIDDEN = "Detentions in Grozny", "Detention in Argun", "Staff-only incident in Kyiv"


def test_no_filter_gives_every_incident_the_role_may_see(case, staff, out):
    assert exported_titles(out(), staff) == {GROZNY, ARGUN, HIDDEN}


def test_date_after_keeps_incidents_going_on_at_or_after_the_day(case, staff, out):
    assert exported_titles(out(), staff, "--date-after", "2018-01-01") == {ARGUN, HIDDEN}
    # Grozny ran from February to the end of April 2017: it overlaps April.
    assert exported_titles(out(), staff, "--date-after", "2017-04-01") == {GROZNY, ARGUN, HIDDEN}


def test_date_before_keeps_incidents_that_started_on_or_before_the_day(case, staff, out):
    assert exported_titles(out(), staff, "--date-before", "2018-12-31") == {GROZNY}


def test_country(case, staff, out):
    assert exported_titles(out(), staff, "--country", "ua") == {HIDDEN}


def test_region(case, staff, out):
    assert exported_titles(out(), staff, "--country", "RU", "--region", "RU-CE") == {GROZNY, ARGUN}


def test_violation_type(case, staff, out):
    assert exported_titles(out(), staff, "--violation-type", case.detention.code) == {GROZNY, ARGUN}


def test_status(case, staff, out):
    assert exported_titles(out(), staff, "--status", "verified") == {GROZNY}


@pytest.mark.parametrize(
    "options, message",
    [
        (["--date-after", "2019-13-01"], "--date-after: '2019-13-01' is not a date"),
        (
            ["--date-after", "2019-02-01", "--date-before", "2019-01-01"],
            "--date-before: is earlier than date_after",
        ),
        (["--country", "XX"], "--country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        (["--country", "UA", "--region", "RU-CE"], "--region: RU-CE is not a subdivision of UA"),
        (["--violation-type", "99-99"], "--violation-type: no violation type has the code '99-99'"),
        (["--status", "rumoured"], "--status: must be one of reported, corroborated, verified, disputed"),
    ],
)
def test_bad_input_is_refused_naming_the_option(case, staff, out, options, message):
    with pytest.raises(CommandError, match=message):
        exported_titles(out(), staff, *options)
