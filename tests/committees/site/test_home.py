"""The home page: the committees with the size of their plans, the barometer's status."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import FundingLine
from indicators.barometer.status import Status
from indicators.models import IndicatorValue
from tests.recount import barometer_counts

pytestmark = pytest.mark.django_db


def test_home_lists_the_seven_committees_in_plan_order_with_their_counts(client):
    response = client.get(reverse("committees:home"))
    assert response.status_code == 200
    committees = response.context["committees"]
    assert [c.code for c in committees] == ["ØU", "BIU", "BUU", "SUD", "SOU", "KFU", "TMU"]
    sud = committees[3]
    assert (sud.n_objectives, sud.n_targets, sud.n_indicators, sud.n_activities) == (7, 11, 16, 28)
    html = response.content.decode()
    assert 'href="/udvalg/sud/"' in html
    assert "Socialudvalget" in html


def test_home_shows_planned_funding_in_millions(client):
    response = client.get(reverse("committees:home"))
    sud_total = sum(
        FundingLine.objects.filter(plan__committee__code="SUD", total__isnull=False).values_list(
            "total", flat=True
        ),
        Decimal(0),
    )
    sud = response.context["committees"][3]
    assert sud.funding_total == sud_total
    millions = f"{(sud_total / 1_000_000).normalize():f}".replace(".", ",")
    html = response.content.decode()
    assert f"{millions} mio. kr." in html  # as written: no rounding
    # the total says what it contains: ceilings, state pools, money for past years
    assert "lofter („op til“) 180 mio. kr." in html
    assert "statslige puljer (Satspuljen, Socialministeriet) 270 mio. kr." in html


def test_home_shows_the_barometer_summary_of_approved_values(client):
    response = client.get(reverse("committees:home"))
    counts = dict(response.context["status_counts"])
    assert counts == barometer_counts()
    assert sum(counts.values()) > 0
    assert "Opfyldt" in response.content.decode() or "opfyldt" in response.content.decode()


def test_a_submitted_value_does_not_change_the_public_summary(client):
    before = dict(client.get(reverse("committees:home")).context["status_counts"])
    value = IndicatorValue.objects.filter(origin="plan").first()
    IndicatorValue.objects.create(
        breakdown=value.breakdown, year=2013, value=value.value, status="submitted"
    )
    after = dict(client.get(reverse("committees:home")).context["status_counts"])
    assert before == after
    assert set(after) == set(Status)


def test_home_costs_a_fixed_number_of_queries_and_one_when_not_modified(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    # nothing cached: the version, the committees' versions, codes, parts (2) and money
    # (2), the page of committees (count and rows) with its five grouped counts, the
    # funding sum, the demo flag
    with django_assert_max_num_queries(20):  # the planned funding's composition: 3
        client.get(reverse("committees:home"))
    with django_assert_max_num_queries(9):  # the barometer cached: the page of committees
        response = client.get(reverse("committees:home"))
    with django_assert_num_queries(1):  # the version: the browser's copy is still right
        again = client.get(reverse("committees:home"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_with_many_committees_the_home_page_lists_a_page_of_them(client):
    from committees.models import Committee

    for n in range(30):
        Committee.objects.create(
            code=f"X{n}",
            name=f"Udvalg {n}",
            administration_code="X",
            administration_name="X",
            order=100 + n,
        )
    first = client.get(reverse("committees:home"))
    assert len(first.context["committees"]) == 25
    assert first.context["page"].paginator.count == 37
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("committees:home"), {"page": 2})
    assert [c.code for c in second.context["committees"]][-1] == "X29"


def test_approving_a_value_shows_on_the_home_page_at_once(client):
    before = dict(client.get(reverse("committees:home")).context["status_counts"])
    value = IndicatorValue.objects.filter(  # SUD's 6 udsatte boligområder, "at most 6"
        origin="plan",
        breakdown__group="",
        breakdown__indicator__in_barometer=True,
        breakdown__indicator__direction="at_most",
    ).first()
    IndicatorValue.objects.create(
        breakdown=value.breakdown, year=2013, value=value.value + 3, status="approved"
    )
    after = dict(client.get(reverse("committees:home")).context["status_counts"])
    assert after != before


def test_the_barometer_says_its_size_year_and_whether_it_rests_on_demo_values(client, analyst):
    from indicators.demo import generate_demo_values, remove_demo_values
    from indicators.models import Indicator

    html = client.get(reverse("committees:home")).content.decode()
    n = Indicator.objects.filter(in_barometer=True).count()
    assert f"Status for de {n} indikatorer, barometret følger" in html
    assert "indeholder demoværdier" not in html
    generate_demo_values(seed=2014)
    html = client.get(reverse("committees:home")).content.decode()
    assert "(til og med 2014)" in html and "indeholder demoværdier" in html
    # one population: the dashboard counts the same indicators
    client.force_login(analyst)
    dashboard = client.get(reverse("indicators:dashboard"), {"year": 2014}).context
    assert dashboard["total"] == n
    remove_demo_values()
    assert "indeholder demoværdier" not in client.get(reverse("committees:home")).content.decode()


def test_every_status_badge_on_the_home_page_links_to_the_rules(client):
    html = client.get(reverse("committees:home")).content.decode()
    badges = re.findall(r'<(a|span) class="status status-', html)
    assert badges and set(badges) == {"a"}
