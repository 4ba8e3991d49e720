"""The Bilag downloads and the export_bilag command: built once per data version and day,
then served."""

import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from committees.site.exports import export_bilag
from goals.models import Target
from indicators.models import Breakdown, IndicatorValue

pytestmark = pytest.mark.django_db


def workbook(committees=None, year=None):
    out = BytesIO()
    export_bilag(out, committees=committees, year=year)
    out.seek(0)
    return load_workbook(out), out.getvalue()


@pytest.fixture
def sud_book(sud):
    return workbook([sud])[0]


def texts(ws):
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def evaluate(ws, formula):
    """A tiny evaluator for the SUM, SUMIF and a+b formulas the Økonomi sheet uses."""

    def cells(ref):
        return [c for row in ws[ref] for c in row]

    def num(v):
        return Decimal(str(v)) if isinstance(v, (int, float, Decimal)) else Decimal(0)

    body = formula[1:]
    if m := re.fullmatch(r"SUM\((\w+:\w+)\)", body):
        return sum((num(c.value) for c in cells(m[1])), Decimal(0))
    if m := re.fullmatch(r'SUMIF\((\w+:\w+),"([^"]+)",(\w+:\w+)\)', body):
        return sum(
            (
                num(v.value)
                for k, v in zip(cells(m[1]), cells(m[3]), strict=True)
                if k.value == m[2]
            ),
            Decimal(0),
        )
    return sum(
        (
            num(ws[ref].value)
            if not str(ws[ref].value).startswith("=")
            else evaluate(ws, ws[ref].value)
            for ref in body.split("+")
        ),
        Decimal(0),
    )


def download(client, slug=None):
    url = reverse("committees:bilag", args=[slug]) if slug else reverse("committees:bilag-all")
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def test_the_downloads_and_the_command(client, tmp_path):
    response = client.get(reverse("committees:bilag", args=["sud"]))
    assert response.status_code == 200
    assert 'filename="bilag-sud.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert "Bilag 2" in wb.sheetnames
    assert client.get(reverse("committees:bilag-all")).status_code == 200
    assert client.get(reverse("committees:bilag", args=["nope"])).status_code == 404
    out = tmp_path / "ou.xlsx"
    call_command("export_bilag", "--committee", "ØU", "--out", str(out))
    assert "Økonomiudvalget" in load_workbook(out).properties.title
    call_command("export_bilag", "--all", "--out", str(tmp_path / "all.xlsx"))
    assert load_workbook(tmp_path / "all.xlsx")["Bilag 2"].max_row > 50


def test_a_download_is_built_once_and_rebuilt_when_the_plans_change(
    client, django_assert_max_num_queries
):
    first = download(client, "sud")
    with django_assert_max_num_queries(2):  # the committee and its data version
        again = download(client, "sud")
    assert texts(again["Bilag 2"]) == texts(first["Bilag 2"])

    target = Target.objects.filter(objective__plan__committee__code="SUD").first()
    target.text = "Et nyt resultatmål skrevet efter første download"
    target.save()
    changed = download(client, "sud")
    assert "Et nyt resultatmål skrevet efter første download" in texts(changed["Bilag 2"])


def test_an_approved_value_reaches_the_next_download(client, kfu):
    before = download(client, "kfu")["Indikatorværdier"]
    breakdown = Breakdown.objects.get(
        indicator__text__contains="5. klasse",
        group="Tosprogede elever",
        sex="all",
        indicator__objective__plan__committee=kfu,
    )
    IndicatorValue.objects.update_or_create(
        breakdown=breakdown,
        year=2013,
        defaults={"value": Decimal("42.7"), "status": IndicatorValue.Status.APPROVED},
    )
    after = download(client, "kfu")["Indikatorværdier"]
    assert 42.7 not in [c.value for row in before.iter_rows() for c in row]
    assert 42.7 in [c.value for row in after.iter_rows() for c in row]


def test_the_page_header_carries_the_day_of_the_download(client, clock):
    first = download(client, "sud")
    assert first["Bilag 2"].oddHeader.right.text == "01.12.2026"
    clock.shift(timedelta(days=1))
    assert download(client, "sud")["Bilag 2"].oddHeader.right.text == "02.12.2026"
