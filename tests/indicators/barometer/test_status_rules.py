"""The rules page: every status explained, with worked examples."""

import json
import re

import pytest
from django.urls import reverse

from indicators.demo import generate_demo_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    generate_demo_values(seed=2014)


@pytest.fixture
def bif(client, analyst, demo):
    client.force_login(analyst)
    return client


def chart(html, name):
    match = re.search(
        rf'<script id="chart-{name}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def test_the_rules_page_explains_the_statuses_with_examples(client):
    response = client.get(reverse("indicators:status-rules"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sådan beregnes status" in html
    assert "En forskel på 4,1 point i 2012 mod forventet 3,6" in html
