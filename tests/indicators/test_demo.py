"""Demo values: reproducible, marked, never over real values, announced on the pages."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.demo import generate_demo_values
from indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (v.breakdown.indicator.text[:30], v.breakdown.group, v.breakdown.sex, v.year, v.value)
        for v in IndicatorValue.objects.filter(origin="demo").select_related("breakdown__indicator")
    )


def test_the_same_seed_gives_the_same_values_and_a_rerun_adds_nothing():
    created = generate_demo_values(seed=2014)
    assert created > 100
    first = snapshot()
    assert generate_demo_values(seed=2014) == 0
    call_command("generate_demo_values", "--remove")
    assert not IndicatorValue.objects.filter(origin="demo").exists()
    generate_demo_values(seed=2014)
    assert snapshot() == first
    call_command("generate_demo_values", "--remove")
    generate_demo_values(seed=99)
    assert snapshot() != first


def test_demo_values_are_marked_and_plausible():
    generate_demo_values()
    demo = IndicatorValue.objects.filter(origin="demo").select_related("breakdown__indicator")
    assert {v.status for v in demo} == {"approved"}
    assert {v.year for v in demo} <= set(range(2010, 2015))
    for v in demo:
        if v.breakdown.indicator.value_unit == "percent":
            assert 0 <= v.value <= 100
        if v.breakdown.indicator.value_unit == "count":
            assert v.value == v.value.to_integral() and v.value >= 0


def test_real_values_are_never_touched():
    real = {(v.pk, v.value, v.origin) for v in IndicatorValue.objects.exclude(origin="demo")}
    generate_demo_values()
    call_command("generate_demo_values", "--remove")
    assert {(v.pk, v.value, v.origin) for v in IndicatorValue.objects.all()} == real


def test_pages_with_demo_values_say_so(client):
    html = client.get(reverse("committees:home")).content.decode()
    assert "Demodata" not in html
    generate_demo_values()
    for url in (reverse("committees:home"), reverse("committees:plan", args=["kfu"])):
        html = client.get(url).content.decode()
        assert "Demodata" in html
    assert (
        '<span class="demo">demo</span>'
        in client.get(reverse("committees:plan", args=["kfu"])).content.decode()
    )


def test_the_living_round_leaves_years_a_newcomer_can_try(client, kfu_staff, analyst):
    from indicators.models import CommitteeYear

    call_command("generate_demo_values", "--round")
    kfu_years = dict(
        CommitteeYear.objects.filter(committee__code="KFU").values_list("year", "status")
    )
    assert kfu_years == {2011: "approved", 2012: "approved", 2013: "submitted"}
    demo = IndicatorValue.objects.filter(origin="demo")
    assert not demo.filter(year=2014).exists()  # the latest year is open for staff
    assert set(demo.filter(year=2013).values_list("status", flat=True)) == {"submitted"}
    assert set(demo.filter(year=2012).values_list("status", flat=True)) == {"approved"}
    # nobody is credited with submitting or approving demo data
    assert not CommitteeYear.objects.exclude(submitted_by=None, approved_by=None).exists()
    client.force_login(kfu_staff)
    start = client.get(reverse("indicators:entry-start")).content.decode()
    assert "Indsendt – venter på BIF’s godkendelse" in start
    assert "Åben: intet indtastet endnu" in start
    assert "demoværdier, ikke indberettet af medarbejdere" in start
    client.force_login(analyst)
    overview = client.get(reverse("indicators:approval-overview")).content.decode()
    assert "venter på din godkendelse" in overview
    assert "kun demoværdier" in overview  # demo values are not counted as complete
    review = client.get(reverse("indicators:year-review", args=["sud", 2013])).content.decode()
    assert "ingen: demodata" in review
    # a second run (make run again) changes nothing, and leaves an approval by BIF alone
    CommitteeYear.objects.filter(committee__code="KFU", year=2013).update(status="approved")
    call_command("generate_demo_values", "--round")
    assert not IndicatorValue.objects.filter(origin="demo", year=2014).exists()
    assert CommitteeYear.objects.get(committee__code="KFU", year=2013).status == "approved"


def test_in_the_living_round_a_stale_review_tells_what_the_demo_value_was(
    client, kfu_staff, analyst
):
    from decimal import Decimal

    from committees.models import Committee
    from indicators.entry.services import Entry, committee_year_for, values_save_year

    generate_demo_values(living_round=True)
    kfu = Committee.objects.get(code="KFU")
    demo = IndicatorValue.objects.filter(
        origin="demo", year=2013, breakdown__indicator__objective__plan__committee=kfu
    ).first()
    client.force_login(analyst)
    url = reverse("indicators:year-review", args=["kfu", 2013])
    version = client.get(url).context["version"]
    values_save_year(
        committee=kfu,
        year=2013,
        user=kfu_staff,
        version=committee_year_for(kfu, 2013).version,
        entries=[Entry(breakdown=demo.breakdown, value=demo.value + Decimal(1))],
    )
    response = client.post(url, {"approve": "1", "version": version})
    from kkintegration.common.formatting import danish_measure

    shown = danish_measure(demo.value, demo.breakdown.indicator.value_unit)
    assert f"(var {shown})" in response.content.decode()
    history = client.get(reverse("indicators:year-history", args=["kfu", 2013]))
    assert "kladde → indsendt" in history.content.decode()  # the demo year's own state
