"""The summary a committee's plan page opens with, for a chosen year
(committees.site.selectors.plan_summary), recounted from the database by the rules page
alone (tests.recount), and the year it gives every indicator table."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import FundingLine
from indicators.demo import generate_demo_values
from indicators.models import Indicator
from tests.recount import (
    HIGHER_IS_BETTER,
    barometer_counts,
    series_from_rows,
)

pytestmark = pytest.mark.django_db

STATUS_DA = {
    "achieved": "opfyldt",
    "on_track": "på rette vej",
    "behind": "bagud",
    "better": "i den rigtige retning",
    "unchanged": "uændret",
    "worse": "i den forkerte retning",
    "no_data": "ingen data",
    "not_measurable": "ikke målbar",
}


@pytest.fixture
def demo(db):
    generate_demo_values(seed=2014)


def summary(client, slug, year):
    html = client.get(reverse("committees:plan", args=[slug]), {"year": year}).content.decode()
    start = html.index('class="plan-summary"')
    return html, html[start : html.index("</section>", start)]


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def since_last_year(code, year):
    """(better, worse) of the committee's barometer indicators: the year's approved value
    against the year before's, in the plan's direction, at the published precision."""
    better = worse = 0
    for ind in Indicator.objects.filter(in_barometer=True, objective__plan__committee__code=code):
        series = series_from_rows(ind)
        if (
            year not in series
            or year - 1 not in series
            or ind.direction
            not in ("increase", "at_least", "maintain", "decrease", "at_most", "close_gap")
        ):
            continue
        q = Decimal(1).scaleb(-ind.decimals)
        now, before = series[year].quantize(q), series[year - 1].quantize(q)
        if now == before:
            continue
        up = now > before
        if up == (ind.direction in HIGHER_IS_BETTER):
            better += 1
        else:
            worse += 1
    return better, worse


@pytest.mark.parametrize(("code", "year"), [("SUD", 2013), ("KFU", 2012), ("BUU", 2014)])
def test_the_counts_by_status_agree_with_a_recount(client, demo, code, year):
    _html, section = summary(client, code.lower(), year)
    counts = {s: n for s, n in barometer_counts(year, committee_code=code).items() if n}
    shown = {
        status: int(n)
        for status, n in re.findall(
            rf'status={r"(\w+)"}#table-heading">.*?</span>\s*(\d+)</a>', section, re.S
        )
    }
    assert shown == counts
    for status in counts:
        assert STATUS_DA[status] in text(section)


@pytest.mark.parametrize(("code", "year"), [("SUD", 2013), ("KFU", 2012), ("TMU", 2014)])
def test_better_and_worse_since_last_year_agree_with_a_recount(client, demo, code, year):
    _html, section = summary(client, code.lower(), year)
    words = text(section)
    better, worse = since_last_year(code, year)
    assert f"↑ bedre end året før: {better}" in words
    assert f"↓ dårligere end året før: {worse}" in words


def test_the_chosen_year_reaches_every_indicator_table(client, demo):
    html, _section = summary(client, "kfu", 2011)
    assert "Seneste godkendte værdi til og med 2011" in html
    shown = re.findall(r'data-label="Seneste godkendte værdi">\s*[^<(]*\((\d{4})\)', html)
    assert shown and all(int(y) <= 2011 for y in shown)
    assert "Siden sidste år" in html
    assert re.search(
        r'<span class="change change-(better|worse)"><span aria-hidden="true">[↑↓]', html
    )


def test_the_targets_at_risk_are_the_plans_own_with_their_amounts(client):
    _html, section = summary(client, "sud", 2014)
    lines = FundingLine.objects.filter(plan__committee__code="SUD", status="separate_appropriation")
    targets = {t.number for line in lines for t in line.dependent_targets.all()}
    rows = re.findall(
        r'<tr><td data-label="[^"]*"><a href="#resultatmaal-[\w-]+">(\d+)</a>', section
    )
    assert sorted(int(n) for n in rows) == sorted(targets)
    behind_targets = [line for line in lines if line.dependent_targets.exists()]
    total = sum((line.total for line in behind_targets if line.total is not None), Decimal(0))
    assert f"{(total / 1_000_000).normalize():f}".replace(".", ",") in text(section)


def test_an_unknown_year_shows_the_latest(client, demo):
    _html, section = summary(client, "sud", 2099)
    assert "Planen i 2014" in text(section)
