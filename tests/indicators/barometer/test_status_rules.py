"""The rules page: every status explained, with worked examples."""

import json
import re

import pytest
from django.urls import reverse

from indicators.barometer.status import Status
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
    for status in Status:  # every status is explained, and its badge has an anchor
        assert f'id="status-{status.value}"' in html
    assert "Forskellen er vendt: −2,3 point i 2014" in html
    assert "i den rigtige retning" in html and "i den forkerte retning" in html
    assert "uændret" in html


def test_every_status_badge_links_to_the_rules(bif):
    html = bif.get(reverse("indicators:dashboard"), {"year": 2013}).content.decode()
    badges = re.findall(r'<(a|span) class="status status-(\w+)"', html)
    assert badges and all(tag == "a" for tag, _s in badges)
    assert 'href="/barometer/saadan-beregnes-status/#status-' in html
