"""Every page in both languages: Danish by default, English when the visitor chooses it,
and never one visitor's language in another's page (nothing cached mixes them)."""

import pytest
from django.conf import settings
from django.urls import reverse

from indicators.demo import generate_demo_values
from indicators.models import Indicator

pytestmark = pytest.mark.django_db

# page → (who, a phrase of the Danish page, the same phrase in English)
PAGES = {
    "committees:home": (None, "Udvalgenes handleplaner", "The committees' action plans"),
    "committees:plan": (None, "Resultatmål", "Results target"),
    "committees:search": (None, "Søg", "Search"),
    "indicators:detail": (None, "Udgangspunkt", "Baseline"),
    "activities:list": (None, "Aktiviteter", "Activities"),
    "budgets:list": (None, "Finansiering", "Funding"),
    "indicators:status-rules": (None, "Sådan beregnes status", "How the status is calculated"),
    "indicators:dashboard": ("analyst", "Status efter udvalg", "Status by committee"),
    "indicators:drilldown": ("analyst", "Udgangspunkt", "Baseline"),
    "indicators:entry-start": ("kfu_staff", "Indberetning", "Data entry"),
    "indicators:year-entry": ("kfu_staff", "Gem kladde", "Save draft"),
    "indicators:approval-overview": ("analyst", "Godkendelse", "Approval"),
}


def url(name):
    pk = Indicator.objects.filter(objective__plan__committee__code="KFU").first().pk
    args = {
        "committees:plan": ["kfu"],
        "indicators:detail": [pk],
        "indicators:drilldown": [pk],
        "indicators:year-entry": ["kfu", 2012],
    }.get(name, [])
    return reverse(name, args=args) + ("?q=hjemløse" if name == "committees:search" else "")


@pytest.fixture
def visitor(client, request):
    def as_(who):
        if who:
            client.force_login(request.getfixturevalue(who))
        return client

    return as_


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_in_danish_then_english_then_danish_again(visitor, name):
    generate_demo_values(seed=2014)
    who, danish, english = PAGES[name]
    client = visitor(who)
    page = client.get(url(name)).content.decode()
    assert '<html lang="da">' in page and danish in page, name
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url(name)).content.decode()
    assert '<html lang="en">' in page and english in page, name
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    page = client.get(url(name)).content.decode()
    assert '<html lang="da">' in page and danish in page and english not in page, name


def test_the_language_switch_goes_back_to_the_page_it_was_pressed_on(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/udvalg/kfu/#resultatmaal-1"}
    )
    assert response.status_code == 302 and response["Location"] == "/udvalg/kfu/#resultatmaal-1"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
