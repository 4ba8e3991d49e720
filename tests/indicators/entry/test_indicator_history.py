"""One indicator's history: every change to its values, for its committee's staff and BIF only."""

import pytest
from django.urls import reverse

from indicators.models import Breakdown

pytestmark = pytest.mark.django_db


def test_the_indicator_history_is_scoped_to_the_committee(client, kfu, kfu_staff, sud_staff):
    indicator = (
        Breakdown.objects.filter(indicator__objective__plan__committee=kfu).first().indicator
    )
    client.force_login(kfu_staff)
    assert (
        client.get(reverse("indicators:indicator-history", args=[indicator.pk])).status_code == 200
    )
    client.force_login(sud_staff)
    assert (
        client.get(reverse("indicators:indicator-history", args=[indicator.pk])).status_code == 404
    )
