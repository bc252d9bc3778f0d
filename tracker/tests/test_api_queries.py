"""A page costs the same number of queries whatever its length: what serializers nest is prefetched.

The numbers are pinned: a change that adds a query per row, or one per page, fails here.
"""

import datetime

import pytest
from django.core.cache import cache

from incidents.choices import Disclosure
from incidents.models import Actor, AdvocacyResponse, Incident, Victim
from sources.models import Source
from tracker.tests.api_data import *  # noqa: F403
from tracker.tests.api_data import _violation

# Queries per page for a partner's token: the token, the user's roles, then the page itself.
# Partners are shown no citations, so none are read for them.
QUERIES = {
    # The page, then its violations, perpetrators, sources and responses as rows.
    ("incidents", ""): 7,
    ("incidents", "brief=1"): 3,
    ("violations", ""): 5,
    # With the identity access trail's one INSERT: the newest victims' identities are shown.
    ("victims", "ordering=-created_at"): 5,
    # Each perpetrator's violations counted in the page's own query, not listed.
    ("perpetrators", ""): 3,
    ("advocacy-responses", ""): 6,
    ("sources", ""): 3,
    ("terms", ""): 3,
}


@pytest.fixture
def more_records(world, terms):
    """Enough records that a page of 2 and a page of 20 differ in length."""
    for number in range(12):
        incident = Incident.objects.create(
            title=f"Incident {number}", start_date=datetime.date(2020, 1, number + 1)
        )
        # Partners see these identities, so every page of victims is one access-trail INSERT.
        victim = Victim.objects.create(description=f"victim {number}", disclosure=Disclosure.PARTNERS)
        actor = Actor.objects.create(name=f"Unit {number}", actor_type=terms["police"])
        _violation(incident, victim, terms["detention"], actor, terms["direct"])
        Source.objects.create(title=f"Report {number}", text=f"Report number {number}.")
        response = AdvocacyResponse.objects.create(title=f"Letter {number}", response_type=terms["statement"])
        response.incidents.add(incident)
        response.actors.add(world.militia)


def pages_of_2_and_20(client, assert_num_queries, queries: int, resource: str, query: str = "") -> list[list]:
    """The first page at 2 and at 20 records, each asserted to cost `queries` queries."""
    client.get(f"/api/v1/{resource}/")  # records the token's first use, once a minute
    pages = []
    for page_size in (2, 20):
        with assert_num_queries(queries):
            response = client.get(f"/api/v1/{resource}/?{query}&page_size={page_size}")
        pages.append(response.json()["results"])
    return pages


@pytest.mark.parametrize("resource, query", list(QUERIES), ids=[f"{r}?{q}" for r, q in QUERIES])
def test_a_page_costs_the_same_queries_at_any_length(
    more_records, api, django_assert_num_queries, resource, query
):
    pages = pages_of_2_and_20(
        api("partner"), django_assert_num_queries, QUERIES[resource, query], resource, query
    )
    assert len(pages[0]) < len(pages[1])


@pytest.mark.parametrize(
    "resource, queries",
    # Staff are shown citations: one query more for each resource that has them.
    [("incidents", 8), ("violations", 6), ("perpetrators", 4), ("advocacy-responses", 7)],
)
def test_a_staff_page_with_citations_costs_the_same_queries_at_any_length(
    more_records, api, django_assert_num_queries, resource, queries
):
    pages = pages_of_2_and_20(api("staff"), django_assert_num_queries, queries, resource)
    assert len(pages[0]) < len(pages[1])
    assert all("citations" in record for page in pages for record in page)


def test_stats_cost_the_same_queries_however_many_incidents(
    world, api, django_assert_num_queries, more_records
):
    client = api("partner")
    client.get("/api/v1/stats/")
    cache.clear()
    # The token, the user's roles, the data's version, then the counts.
    with django_assert_num_queries(11):
        client.get("/api/v1/stats/")
    # Counted already, and nothing changed since.
    with django_assert_num_queries(3):
        client.get("/api/v1/stats/")
    with django_assert_num_queries(11):
        client.get("/api/v1/stats/?country=RU")
