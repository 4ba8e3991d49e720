"""Two saves of the same committee-year at the same moment: one wins, one is told."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from committees.models import Committee
from committees.site.loader import load_plans
from indicators.entry.services import ConflictError, Entry, values_save_year
from indicators.models import Breakdown, IndicatorValue

YEAR = 2014


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; .ci/run runs this file there (SQLite serialises writers)",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_lose_no_update_on_postgresql(django_user_model):
    load_plans()
    kfu = Committee.objects.get(code="KFU")
    users = [django_user_model.objects.create_user(f"writer{i}") for i in range(2)]
    breakdown = Breakdown.objects.filter(indicator__objective__plan__committee=kfu).first()
    start = threading.Barrier(2)
    outcomes = {}

    def save(i):
        try:
            start.wait()
            values_save_year(
                committee=kfu,
                year=YEAR,
                user=users[i],
                version=0,
                entries=[Entry(breakdown=breakdown, value=Decimal(10 + i))],
            )
            outcomes[i] = "saved"
        except ConflictError as exc:
            outcomes[i] = exc.newer[breakdown.pk].value
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcomes.values())).count("saved") == 1, outcomes
    winner = next(i for i, outcome in outcomes.items() if outcome == "saved")
    loser = 1 - winner
    assert outcomes[loser] == Decimal(10 + winner)  # the loser is shown the winner's value
    value = IndicatorValue.objects.get(breakdown=breakdown, year=YEAR)
    assert value.value == Decimal(10 + winner)
    assert value.history.count() == 1  # exactly one accepted change, nothing silently lost
