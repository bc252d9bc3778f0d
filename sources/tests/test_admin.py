"""Sources and citations in the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from incidents.choices import Disclosure, Vocabulary
from incidents.models import Incident, Term, Victim
from sources.models import Citation, Source

ARTICLE = "Police in Argun detained at least 100 men. One of them, Bislan Hiddenov, was released on Friday."
QUOTE = "detained at least 100 men"
VICTIM_QUOTE = "Bislan Hiddenov, was released"


@pytest.fixture
def source(db) -> Source:
    reliable = Term.objects.create(vocabulary=Vocabulary.RELIABILITY, code="TEST-RE-1", label="Reliable")
    return Source.objects.create(
        title="Gay men detained in Chechnya",
        publisher="Novaya Gazeta",
        author="Elena Milashina",
        language="ru",
        reliability=reliable,
        text=ARTICLE,
    )


@pytest.fixture
def other_source(db) -> Source:
    return Source.objects.create(
        title="Statement on Chechnya", publisher="ILGA-Europe", language="en", text="We call."
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "released on Friday"}, ["Gay men detained in Chechnya"]),
        ({"q": "Milashina"}, ["Gay men detained in Chechnya"]),
        ({"q": "ILGA"}, ["Statement on Chechnya"]),
        ({"publisher": "ILGA-Europe"}, ["Statement on Chechnya"]),
        ({"language": "ru"}, ["Gay men detained in Chechnya"]),
        ({"reliability__isnull": "True"}, ["Statement on Chechnya"]),
    ],
)
def test_it_searches_and_filters_sources(client, staff, source, other_source, params, expected):
    client.force_login(staff)
    response = client.get(reverse("admin:sources_source_changelist"), params)
    assert [found.title for found in response.context["cl"].result_list] == expected


def test_it_refuses_to_archive_the_same_text_twice(client, staff, source):
    client.force_login(staff)
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "title": "Copy",
            "text": ARTICLE,
            "published_precision": "day",
            "captured_at_0": "2017-04-01",
            "captured_at_1": "12:00:00",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"] == [
        f"This text is already archived as source #{source.pk}."
    ]
    assert Source.objects.count() == 1


def cite(client, source: Source, record, quote: str):
    return client.post(
        reverse("admin:sources_citation_add"),
        {
            "source": source.pk,
            "content_type": ContentType.objects.get_for_model(record).pk,
            "object_id": record.pk,
            "quote": quote,
            "_save": "Save",
        },
    )


def test_it_finds_a_citations_offsets_from_its_quote(client, staff, source):
    incident = Incident.objects.create(title="Detentions in Argun")
    client.force_login(staff)
    assert cite(client, source, incident, QUOTE).status_code == 302
    citation = incident.citations.get()
    assert (citation.start, citation.end) == (ARTICLE.index(QUOTE), ARTICLE.index(QUOTE) + len(QUOTE))
    assert citation.history.get().history_user == staff


def test_it_refuses_a_quote_that_is_not_in_the_source(client, staff, source):
    incident = Incident.objects.create(title="Detentions in Argun")
    client.force_login(staff)
    response = cite(client, source, incident, "detained 200 men")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["quote"] == ["This passage is not in the source's text."]
    assert not Citation.objects.exists()


def test_it_keeps_passages_cited_for_a_withheld_victim_from_an_auditor(client, staff, auditor, source):
    victim = Victim.objects.create(disclosure=Disclosure.STAFF, name="Bislan Hiddenov")
    start = ARTICLE.index(VICTIM_QUOTE)
    Citation.objects.create(
        source=source, record=victim, quote=VICTIM_QUOTE, start=start, end=start + len(VICTIM_QUOTE)
    )
    citations = reverse("admin:sources_citation_changelist")
    # The source's own page shows its archived text; what it must not show is which victim
    # the passage was cited for.
    source_page = reverse("admin:sources_source_change", args=[source.pk])

    client.force_login(staff)
    assert VICTIM_QUOTE.encode() in client.get(citations).content
    assert victim.pseudonym.encode() in client.get(source_page).content
    client.force_login(auditor)
    response = client.get(citations)
    assert response.context["cl"].result_count == 0
    assert VICTIM_QUOTE.encode() not in response.content
    response = client.get(source_page)
    assert response.status_code == 200
    assert victim.pseudonym.encode() not in response.content
