"""Dates keep their precision, and the checks respect it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from incidents.choices import DatePrecision
from incidents.models import Incident


def incident(start, end, end_precision=DatePrecision.DAY) -> Incident:
    return Incident(
        title="Detentions",
        start_date=start,
        start_date_precision=DatePrecision.DAY,
        end_date=end,
        end_date_precision=end_precision,
    )


def test_an_end_in_the_same_month_at_month_precision_is_not_before_the_start():
    # "from 13 July until some time in July" is stored as 1 July, month precision.
    incident(datetime.date(2018, 7, 13), datetime.date(2018, 7, 1), DatePrecision.MONTH).full_clean()


def test_an_end_in_the_same_year_at_year_precision_is_not_before_the_start():
    incident(datetime.date(2017, 4, 1), datetime.date(2017, 1, 1), DatePrecision.YEAR).full_clean()


def test_an_end_before_the_start_is_refused_whatever_its_precision():
    with pytest.raises(ValidationError) as refused:
        incident(datetime.date(2018, 7, 13), datetime.date(2018, 6, 1), DatePrecision.MONTH).full_clean()
    assert refused.value.message_dict["end_date"] == ["The end date is before the start date."]
