"""The public committee plan page, on the real plans."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from budgets.models import FundingLine, FundingYear
from committees.models import ActionPlan
from goals.models import Target
from indicators.models import Breakdown, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def page(client, slug):
    response = client.get(reverse("committees:plan", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, slug):
    with CaptureQueriesContext(connection) as ctx:
        page(client, slug)
    return len(ctx.captured_queries)


def test_the_sud_plan_shows_every_target_with_an_anchor(client):
    html = page(client, "sud")
    for number in range(1, 12):
        assert f'id="resultatmaal-{number}"' in html
    assert "Resultatmål 3" in html
    for target in Target.objects.filter(objective__plan__committee__code="SUD"):
        assert target.text.split("\n")[0][:60] in html


def test_repeated_target_numbers_get_distinct_anchors(client):
    html = page(client, "tmu")  # TMU numbers a target 1 under three objectives
    anchors = re.findall(r'id="((?:maalsaetning-\d+-)?resultatmaal-\d+)"', html)
    assert len(anchors) == Target.objects.filter(objective__plan__committee__code="TMU").count()
    assert len(set(anchors)) == len(anchors)
    assert "maalsaetning-3-resultatmaal-1" in anchors


def test_every_funding_line_shows_amount_and_status_in_words(client):
    html = page(client, "sud")
    assert "49,2 mio. kr." in html
    assert "12,3 mio. kr." in html
    assert "Kræver særskilt bevilling" in html
    assert "financing-separate_appropriation" in html  # the colour, beside the words
    for line in FundingLine.objects.filter(plan__committee__code="SUD"):
        assert f'id="finansiering-{line.order}"' in html
    assert "Note om tallene" in html  # the contact-person line's discrepancy is visible


def test_reservations_and_funding_dependencies_are_shown(client):
    html = page(client, "sud")
    assert "NB: Resultatmål 1 og 2 afhænger af bevillingen." in html
    assert "Afhænger af finansiering" in html


def test_kfu_shows_its_baselines_and_approved_2009_gap(client):
    html = page(client, "kfu")
    assert "9 pct.-point (2009)" in html
    assert "Forskellen mellem andel to- og etsprogede elever i 5. klasse" in html


def test_an_unapproved_value_never_reaches_the_page(client):
    indicator = Indicator.objects.get(
        objective__plan__committee__code="KFU", text__contains="5. klasse"
    )
    for status in ("draft", "submitted", "returned"):
        IndicatorValue.objects.create(
            breakdown=Breakdown.objects.get(
                indicator=indicator, group="Tosprogede elever", sex="all"
            ),
            year={"draft": 2011, "submitted": 2012, "returned": 2013}[status],
            value="57.7",
            status=status,
        )
        etsprogede = Breakdown.objects.get(
            indicator=indicator, group="Etsprogede elever", sex="all"
        )
        IndicatorValue.objects.create(
            breakdown=etsprogede,
            year={"draft": 2011, "submitted": 2012, "returned": 2013}[status],
            value="61.1",
            status=status,
        )
    for url in (
        reverse("committees:plan", args=["kfu"]),
        reverse("indicators:detail", args=[indicator.pk]),
        reverse("committees:home"),
    ):
        html = client.get(url).content.decode()
        assert "57,7" not in html and "3,4" not in html, url


def test_an_unknown_committee_is_404(client):
    assert client.get(reverse("committees:plan", args=["xyz"])).status_code == 404


@pytest.mark.parametrize("slug", ["ou", "biu", "buu", "sud", "sou", "kfu", "tmu"])
def test_every_plan_renders_in_a_fixed_number_of_queries(
    client, slug, django_assert_max_num_queries
):
    # the committee, its version, the policy's and the demo flag; the plan's 14 and its
    # summary's targets at risk (2) and funding lines (2)
    with django_assert_max_num_queries(23):
        page(client, slug)
    with django_assert_max_num_queries(3):  # the plan itself is cached for this version
        page(client, slug)


def test_a_plan_the_browser_has_is_not_sent_again_until_it_changes(client, sud):
    client.get(reverse("committees:plan", args=["sud"]))  # the CSRF cookie
    etag = client.get(reverse("committees:plan", args=["sud"]))["ETag"]
    unchanged = client.get(reverse("committees:plan", args=["sud"]), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    other = client.get(reverse("committees:plan", args=["kfu"]), HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    target = Target.objects.filter(objective__plan__committee=sud).first()
    target.text = "Et omskrevet resultatmål"
    target.save()
    changed = client.get(reverse("committees:plan", args=["sud"]), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Et omskrevet resultatmål" in changed.content.decode()


def test_another_committees_change_leaves_the_plan_not_modified(client, kfu):
    client.get(reverse("committees:plan", args=["sud"]))
    etag = client.get(reverse("committees:plan", args=["sud"]))["ETag"]
    target = Target.objects.filter(objective__plan__committee=kfu).first()
    target.text = "KFU skriver sit mål om"
    target.save()
    response = client.get(reverse("committees:plan", args=["sud"]), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_the_query_count_does_not_grow_with_the_plan(client):
    before = queries_for(client, "sud")
    plan = ActionPlan.objects.get(committee__code="SUD")
    objective = plan.objectives.order_by("order").last()
    for n in range(20, 30):
        target = Target.objects.create(objective=objective, number=n, text=f"Ekstra mål {n}")
        indicator = Indicator.objects.create(objective=objective, target=target, text="x", order=n)
        value = IndicatorValue.objects.create(
            breakdown=Breakdown.objects.create(indicator=indicator),
            year=2012,
            value=5,
            status="approved",
        )
        assert value.pk
        activity = Activity.objects.create(plan=plan, name=f"Ekstra aktivitet {n}", order=100 + n)
        activity.targets.add(target)
        line = FundingLine.objects.create(
            plan=plan, activity=activity, name="x", order=100 + n, total=1000
        )
        line.dependent_targets.add(target)
        FundingYear.objects.create(funding_line=line, year=2012, amount=1000)
    assert queries_for(client, "sud") == before


def target_article(html, anchor):
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</article>", start)]


def test_a_target_shows_the_plans_wording_and_bilag_2s_where_they_differ(client):
    html = page(client, "sud")
    first = target_article(html, "resultatmaal-1")
    assert "Børn og unge, der er efterkommere af flygtninge og indvandrere" in first
    assert "I det vedtagne Bilag 2 (række 1):" in first
    assert "Børn og unge med etnisk minoritetsbaggrund, der modtager en foranstaltning" in first
    # the same words in both documents: no note
    assert "I det vedtagne Bilag 2" not in target_article(html, "resultatmaal-2")


def test_the_ou_plan_has_its_four_titled_objectives_and_nine_targets(client):
    html = page(client, "ou")
    for n in range(1, 5):
        assert f"<strong>Målsætning {n}:</strong>" in html
    for n in range(1, 10):
        assert f'id="resultatmaal-{n}"' in html
    social = target_article(html, "resultatmaal-2")
    assert "København skal benytte social iværksætteri som metode" in social
    assert "Etablering af et læringsmiljø på Nørrebro" in social
    # Bilag 2's row 1 stands for targets 1-3: its wording is noted on each
    assert "I det vedtagne Bilag 2 (række 1):" in social
def test_money_is_shown_as_written(client):
    html = page(client, "sud")
    assert "5,75 mio. kr." in html and "2,55 mio. kr." in html  # not 5,8 and 2,6
    assert "5,8 mio. kr." not in html
    html = page(client, "ou")
    assert "ca. 63 mio. kr." in html and "63,0 mio. kr." not in html
    html = page(client, "tmu")
    assert "op til 60 mio. kr." in html
    assert "32.172.000 kr." in html  # Landsbyggefonden's share, to the krone


def test_the_plan_says_which_indicators_the_barometer_counts(client):
    html = page(client, "sud")
    plan = ActionPlan.objects.get(committee__code="SUD")
    n = Indicator.objects.filter(objective__plan=plan).count()
    b = Indicator.objects.filter(objective__plan=plan, in_barometer=True).count()
    assert f"Planen har {n} indikatorer; {b} af dem følges i integrationsbarometret" in html
    assert html.count("ikke med i barometret") == n - b + 1  # each one, and the sentence
    # every badge links to the rules, but those of the summary, which link to the barometer
    summary_end = html.index("</section>", html.index('class="plan-summary"'))
    badges = re.findall(r'<(a|span) class="status status-', html[summary_end:])
    assert badges and set(badges) == {"a"}


def test_derived_values_and_reading_notes_are_marked(client):
    html = page(client, "kfu")
    assert "(afledt)" in html  # the target 0 read from "lige så meget som"
    assert "(2014)" not in html.split('id="maal"')[1].split('id="aktiviteter"')[0]
    html = page(client, "ou")
    assert "Læsenote" in html and "+50 % af udgangspunktet" in html
