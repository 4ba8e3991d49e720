"""Word search over targets, indicators and activities."""

import pytest
from django.urls import reverse

from committees.site.search import search_plans

pytestmark = pytest.mark.django_db


def test_hjemloese_finds_homelessness_targets_indicators_and_activities():
    results = search_plans("hjemløse")
    assert any("hjemløse" in t.text.lower() for t in results["targets"])
    assert any("Hjemløsestrategiens" in a.name for a in results["activities"])
    assert results["indicators"]


def test_a_stem_finds_other_forms_of_the_word():
    """ "idrætsforeninger" finds indicators about "idrætsforening"."""
    results = search_plans("idrætsforeninger")
    assert any("idrætsforening" in i.text for i in results["indicators"])


def test_all_words_must_match():
    assert not search_plans("hjemløse kulturhusene")["activities"]


def test_the_search_page_links_targets_to_their_anchor(client):
    response = client.get(reverse("committees:search"), {"q": "hjemløse"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/udvalg/sud/#resultatmaal-3"' in html


def test_an_empty_or_odd_query_is_harmless(client):
    for q in ("", "   ", "%", "'; drop table", "x" * 500):
        assert client.get(reverse("committees:search"), {"q": q}).status_code == 200


def test_search_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("committees:search"), {"q": "hjemløse bolig"})
