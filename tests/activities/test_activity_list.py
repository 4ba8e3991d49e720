"""The list of all activities: pages, filters, sorting, and what it costs."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from activities.models import Activity
from budgets.models import FundingLine
from kkintegration.common.formatting import danish_amount

pytestmark = pytest.mark.django_db
URL = reverse("activities:list")


def names(response):
    return [row.record.name for row in response.context["table"].paginated_rows]


def test_it_lists_all_activities_paginated(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["table"].paginator.count == Activity.objects.count()
    assert len(names(response)) == 25
    assert "Aktiviteter på tværs af udvalgene" in response.content.decode()


def test_it_filters_by_committee_financing_status_and_words(client):
    response = client.get(URL, {"committee": "sud", "financing": "separate_appropriation"})
    found = names(response)
    assert "Skolesocialrådgivere" in found
    assert all(
        Activity.objects.get(name=n, plan__committee__code="SUD")
        .funding_lines.filter(status="separate_appropriation")
        .exists()
        for n in found
    )
    response = client.get(URL, {"q": "hjemløse"})
    assert all(
        "hjemløse" in (n.lower() + Activity.objects.get(name=n).description.lower())
        for n in names(response)
    )


def test_it_filters_by_theme(client):
    found = names(client.get(URL, {"theme": "Hjemløshed"}))
    assert found and all(
        Activity.objects.filter(name=n, theme__name="Hjemløshed").exists() for n in found
    )


def test_it_sorts_by_a_column(client):
    response = client.get(URL, {"sort": "-name"})
    found = names(response)
    assert found == sorted(found, reverse=True)


def test_a_bad_filter_value_is_shown_next_to_the_field_not_a_500(client):
    response = client.get(URL, {"committee": "nope", "financing": "bribes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error"' in html


def test_the_list_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # the page and its filter, the sums by status and by year (2) and what the total
    # contains (3), however many lines there are
    with django_assert_max_num_queries(12):
        client.get(URL, {"committee": "sud"})


@pytest.mark.parametrize("per_page", ["-1", "0", "100000", "abc"])
def test_a_visitor_cannot_choose_an_absurd_page_size(client, per_page):
    response = client.get(URL, {"per_page": per_page})
    assert response.status_code == 200
    assert 1 <= len(names(response)) <= 100


def test_the_sums_are_of_the_filtered_activities_funding_each_line_once(client):
    html = client.get(URL, {"committee": "kfu"}).content.decode()
    start = html.index('class="list-sums"')
    section = html[start : html.index("</section>", start)]
    lines = FundingLine.objects.filter(activity__plan__committee__code="KFU").distinct()
    total = sum((line.total for line in lines if line.total is not None), Decimal(0))
    assert f'<tfoot><tr><th scope="row">Alle</th><td class="num">{lines.count()}</td>' in section
    assert f'<td class="num">{danish_amount(total)}</td></tr></tfoot>' in section


def test_the_downloads_hold_every_filtered_activity_not_only_the_page(client):
    response = client.get(URL, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Udvalg", "Aktivitet"]
    assert len(rows) - 1 == Activity.objects.count() > 25
    assert all("<" not in cell for row in rows for cell in row)
    response = client.get(URL, {"committee": "kfu", "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(
        Activity.objects.filter(plan__committee__code="KFU").values_list("name", flat=True)
    )
