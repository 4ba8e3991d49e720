import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_lists_the_seven_committees_in_plan_order(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    codes = [c.code for c in response.context["committees"]]
    assert codes == ["ØU", "BIU", "BUU", "SUD", "SOU", "KFU", "TMU"]
    assert "Socialudvalget" in response.content.decode()


def test_home_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("home"))
