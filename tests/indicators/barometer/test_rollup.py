"""The barometer's reads: per committee, cached under each committee's data version, so a
change in one committee rebuilds one committee's part."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Committee
from goals.models import Target
from indicators.barometer.rollup import (
    barometer_summary,
    latest_year,
    parts,
    rows_as_of,
    snapshot,
    summaries,
)
from indicators.demo import generate_demo_values
from tests.recount import barometer_counts

pytestmark = pytest.mark.django_db


def committees_read(queries):
    """The committee ids a rebuild read the approved values of."""
    for q in queries:
        if "indicators_indicatorvalue" in q["sql"] and "committee_id" in q["sql"]:
            match = re.search(r'"committee_id" IN \(([^)]*)\)', q["sql"])
            if match:
                return {int(x) for x in match.group(1).split(",")}
    return set()


def test_a_change_rebuilds_only_the_committee_it_touches(kfu):
    generate_demo_values(seed=2014)
    summaries(snapshot())  # every committee's part is built and cached
    with CaptureQueriesContext(connection) as warm:
        summaries(snapshot())
    assert committees_read(warm.captured_queries) == set()  # nothing read again

    target = Target.objects.filter(objective__plan__committee=kfu).first()
    target.text = "KFU's resultatmål, skrevet om"
    target.save()
    with CaptureQueriesContext(connection) as after:
        summaries(snapshot())
    assert committees_read(after.captured_queries) == {kfu.pk}


def test_the_summaries_count_what_a_recount_from_the_database_finds():
    generate_demo_values(seed=2014)
    for year in (2010, 2012, 2014, None):
        assert barometer_summary(year) == barometer_counts(year)
    sums = summaries(snapshot())
    sud = Committee.objects.get(code="SUD")
    assert sums[sud.pk]["code"] == "SUD"
    assert latest_year(sums) == 2014


def test_rows_as_of_a_year_use_only_values_up_to_it():
    generate_demo_values(seed=2014)
    for row in rows_as_of(2011, snapshot()):
        assert row.assessment.year is None or row.assessment.year <= 2011


def test_a_rolled_back_change_leaves_no_new_version(kfu):
    from django.db import transaction

    before = snapshot()[kfu.pk]
    with pytest.raises(RuntimeError), transaction.atomic():
        target = Target.objects.filter(objective__plan__committee=kfu).first()
        target.text = "Aldrig gemt"
        target.save()
        raise RuntimeError
    assert snapshot()[kfu.pk] == before
    assert "Aldrig gemt" not in str([r.indicator for r in parts({kfu.pk: before})[kfu.pk]])
