"""The search page (committees.site.views.search, rules in committees.site.search), asked
as a visitor asks it, on the real plans: the same answers on SQLite and PostgreSQL."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from budgets.models import FundingLine
from committees.models import PlanSection

pytestmark = pytest.mark.django_db

HIT = re.compile(r'<li><a href="([^"]+)">')


def page(client, q, language="da"):
    response = client.get(reverse("committees:search"), {"q": q}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def hits(client, q):
    """The links of every hit on the page, in order."""
    html = page(client, q)
    return HIT.findall(html[html.index("<h1>") :])


def summary(client, q, language="da"):
    html = page(client, q, language)
    text = re.search(r'<p role="status">(.*?)</p>', html, re.S).group(1)
    return " ".join(text.split())


def test_hjemloese_finds_targets_indicators_activities_and_funding(client):
    html = page(client, "hjemløse")
    assert 'href="/udvalg/sud/#resultatmaal-3"' in html
    assert "Hjemløsestrategiens" in html  # an activity: the word opens the compound
    assert len(hits(client, "hjemløse")) >= 8


@pytest.mark.parametrize("typed", ["hjemlose", "hjemloese", "HJEMLØSE", "Hjemløse"])
def test_ae_oe_aa_may_be_written_without_them(client, typed):
    assert hits(client, typed) == hits(client, "hjemløse")


def test_beskaeftigelse_with_ae_spelled_out(client):
    assert hits(client, "beskaeftigelse") == hits(client, "beskæftigelse") != []


def test_fragments_inside_a_word_find_nothing(client):
    """ "ration" and "tegr" are inside "integration", but they are not words."""
    integration = set(hits(client, "integration"))
    assert len(integration) > 20
    assert len(integration & set(hits(client, "ration"))) <= 1  # a near miss of one word
    assert hits(client, "tegr") == []


def test_a_short_word_is_not_the_start_of_a_compound(client):
    """Under five letters a word is matched whole only: "bo" finds no "bolig"."""
    assert hits(client, "bolig")
    assert hits(client, "bo") == []


def test_other_forms_of_the_word_are_found(client):
    """ "idrætsforeninger" (plural) finds the indicators about "idrætsforening"."""
    html = page(client, "idrætsforeninger")
    assert "idrætsforening" in html
    assert any("/indikatorer/" in link for link in hits(client, "idrætsforeninger"))


def test_a_word_finds_the_compounds_it_begins(client):
    """ "bolig" finds the texts that say only "boligområder"."""
    html = page(client, "bolig")
    assert "boligområde" in html.lower()
    assert len(hits(client, "bolig")) > len(hits(client, "boligområder")) > 0


@pytest.mark.parametrize(("typo", "word"), [("integrasion", "integration"), ("boilg", "bolig")])
def test_a_near_miss_finds_what_the_word_finds(client, typo, word):
    assert hits(client, typo) == hits(client, word) != []


def test_a_word_the_plans_have_is_not_taken_for_a_near_miss(client):
    """ "integration" is a word of the plans: it does not also find "International"."""
    assert not any(
        "International" in line
        for line in page(client, "integration").splitlines()
        if line.startswith("<li><a") and "integration" not in line.lower()
    )


def test_funding_lines_and_the_plans_text_are_searched(client):
    line = FundingLine.objects.filter(name__icontains="Skolesocialrådgiver").first()
    section = PlanSection.objects.select_related("plan__committee").order_by("pk").first()
    word = max(re.findall(r"\w+", section.heading), key=len)
    assert f'href="/udvalg/{line.plan.committee.slug}/#finansiering-{line.order}"' in page(
        client, "skolesocialrådgivere"
    )
    anchor = f"#afsnit-{section.order}"
    assert f'href="/udvalg/{section.plan.committee.slug}/{anchor}"' in page(client, word)
    plan_page = client.get(section.plan.committee.get_absolute_url()).content.decode()
    assert f'id="afsnit-{section.order}"' in plan_page


def test_every_word_must_match(client):
    assert hits(client, "hjemløse") and hits(client, "kulturhusene")
    assert hits(client, "hjemløse kulturhusene") == []


def test_the_summary_counts_in_danish_singular_and_plural(client):
    assert summary(client, "expats") == (
        "“expats”: 1 resultatmål, 0 indikatorer, 2 aktiviteter, 1 finansieringslinje og "
        "1 afsnit af planernes tekst."
    )


def test_the_summary_counts_in_english(client):
    with translation.override("en"):
        url = reverse("committees:search")
    client.post(reverse("set_language"), {"language": "en", "next": url})
    html = client.get(url, {"q": "expats"}).content.decode()
    text = " ".join(re.search(r'<p role="status">(.*?)</p>', html, re.S).group(1).split())
    assert text == (
        "“expats”: 1 results target, 0 indicators, 2 activities, 1 funding line and "
        "1 passage of the plans' text."
    )


def test_nothing_found_offers_the_closest_words(client):
    html = page(client, "hjemlxxse")
    assert hits(client, "hjemlxxse") == []
    assert "Mente du" in html
    suggested = re.search(r'class="suggestion">.*?<a href="\?q=([^"]+)">(.*?)</a>', html).group(2)
    assert suggested == "hjemløse"
    assert hits(client, suggested)


def test_no_suggestion_when_something_is_found_or_nothing_is_close(client):
    assert "Mente du" not in page(client, "hjemløse")
    assert "Mente du" not in page(client, "xyzzy")


def test_an_empty_or_odd_query_is_harmless(client):
    for q in ("", "   ", "%", "_", "'; drop table", "x" * 500, "æøå " * 50):
        assert client.get(reverse("committees:search"), {"q": q}).status_code == 200


def test_search_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    """Once the vocabulary is cached: the version, one query per kind of text, anchors."""
    page(client, "hjemløse bolig")
    with django_assert_max_num_queries(8):
        page(client, "hjemløse bolig")
