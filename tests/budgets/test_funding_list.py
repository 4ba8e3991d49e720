"""The list of all funding lines: amounts, status, filters, sorting, and what it costs."""

import pytest
from django.urls import reverse

from budgets.models import FundingLine

pytestmark = pytest.mark.django_db


URL = reverse("budgets:list")


def records(response):
    return [row.record for row in response.context["table"].paginated_rows]


def test_it_lists_funding_lines_with_amounts_and_status(client):
    response = client.get(URL, {"committee": "sud"})
    assert response.status_code == 200
    assert (
        response.context["table"].paginator.count
        == FundingLine.objects.filter(plan__committee__code="SUD").count()
    )
    html = response.content.decode()
    assert "49,2 mio. kr." in html
    assert "Kræver særskilt bevilling" in html


def test_it_filters_by_status(client):
    found = records(client.get(URL, {"status": "within_frame"}))
    assert found and all(f.status == "within_frame" for f in found)


def test_it_sorts_by_total(client):
    found = [f.total for f in records(client.get(URL, {"sort": "-total", "committee": "sud"}))]
    numbers = [t for t in found if t is not None]
    assert numbers == sorted(numbers, reverse=True)


def test_the_list_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(URL)
