"""The Bilag downloads and the export_bilag command: Danish unless English is asked for,
named for what and when, built once per data version, language, BIU flag and day."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from goals.models import AppendixRow

pytestmark = pytest.mark.django_db


def texts(ws):
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def download(client, slug=None, query="", **headers):
    url = reverse("committees:bilag", args=[slug]) if slug else reverse("committees:bilag-all")
    response = client.get(url + query, **headers)
    assert response.status_code == 200
    return response, load_workbook(BytesIO(response.content))


def test_the_downloads_are_named_for_what_and_when(client, clock):
    response, book = download(client, "sud")
    assert response["Content-Disposition"] == (
        'attachment; filename="bilag-2-integrationspolitikken-2011-14-sud-2026-12-01.xlsx"'
    )
    assert "Bilag 2" in book.sheetnames
    response, _ = download(client)
    assert (
        "bilag-2-integrationspolitikken-2011-14-alle-udvalg-2026-12-01.xlsx"
        in (response["Content-Disposition"])
    )
    response, _ = download(client, query="?biu=1&lang=en")
    assert (
        "bilag-2-integrationspolitikken-2011-14-alle-udvalg-med-biu-2026-12-01-en.xlsx"
        in (response["Content-Disposition"])
    )


def test_the_date_in_the_name_is_copenhagens(client):
    # 23:30 UTC on 1 December is already 2 December in Copenhagen
    with time_machine.travel(datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        response, book = download(client, "kfu")
    assert "kfu-2026-12-02.xlsx" in response["Content-Disposition"]
    assert book["Bilag 2"].oddHeader.right.text == "02.12.2026"


def test_unknown_committees_and_other_methods_are_refused(client):
    assert client.get(reverse("committees:bilag", args=["nope"])).status_code == 404
    assert client.post(reverse("committees:bilag-all")).status_code == 405


def test_the_workbook_is_danish_whatever_the_browser_says(client):
    response, book = download(client, "sou", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert book.sheetnames == ["Bilag 2", "Økonomi", "Indikatorværdier", "Barometer"]
    assert [c.value for c in book["Bilag 2"][1]] == [
        "Nr.",
        "Resultatmål",
        "Indikator",
        "Aktiviteter",
    ]


def test_english_only_when_asked_and_never_served_to_the_next_danish_visitor(client):
    response, english = download(client, query="?lang=en")
    assert response["Content-Language"] == "en"
    assert english.sheetnames == ["Bilag 2", "Funding", "Indicator values", "Barometer"]
    assert "Page &P of &N" in english["Funding"].oddFooter.right.text
    # the next visitor, same data version, same day: still the Danish workbook
    response, danish = download(client)
    assert response["Content-Language"] == "da"
    assert danish.sheetnames == ["Bilag 2", "Økonomi", "Indikatorværdier", "Barometer"]
    assert "Side &P af &N" in danish["Økonomi"].oddFooter.right.text
    assert "achieved" not in texts(danish["Barometer"])


def test_the_biu_checkbox_adds_biu_last_and_is_cached_apart(client):
    _, without = download(client)
    _, with_biu = download(client, query="?biu=1")
    assert "BIU – " not in texts(without["Bilag 2"])
    sections = [
        r[0]
        for r in with_biu["Bilag 2"].iter_rows(min_row=2, values_only=True)
        if isinstance(r[0], str)
    ]
    assert sections[-1].startswith("BIU – Beskæftigelses- og Integrationsudvalget (ikke en del")
    _, again = download(client)
    assert texts(again["Bilag 2"]) == texts(without["Bilag 2"])


def test_the_home_page_offers_the_biu_and_language_choices(client):
    page = client.get(reverse("committees:home")).content.decode()
    assert 'name="biu" value="1"' in page and 'name="lang" value="en"' in page
    assert f'action="{reverse("committees:bilag-all")}"' in page


def test_a_download_is_built_once_and_rebuilt_when_bilag_2_changes(
    client, django_assert_max_num_queries
):
    _, first = download(client, "sud")
    with django_assert_max_num_queries(2):  # the committee and its data version
        _, again = download(client, "sud")
    assert texts(again["Bilag 2"]) == texts(first["Bilag 2"])
    row = AppendixRow.objects.get(committee__code="SUD", number=3)
    row.text = "Et nyt resultatmål skrevet efter første download"
    row.save()
    _, changed = download(client, "sud")
    assert "Et nyt resultatmål skrevet efter første download" in texts(changed["Bilag 2"])


def test_the_page_header_carries_the_day_of_the_download(client, clock):
    _, first = download(client, "sud")
    assert first["Bilag 2"].oddHeader.right.text == "01.12.2026"
    clock.shift(timedelta(days=1))
    response, later = download(client, "sud")
    assert later["Bilag 2"].oddHeader.right.text == "02.12.2026"
    assert "sud-2026-12-02.xlsx" in response["Content-Disposition"]


def test_the_command_writes_the_same_workbooks(tmp_path):
    out = tmp_path / "ou.xlsx"
    call_command("export_bilag", "--committee", "ØU", "--out", str(out))
    assert "Økonomiudvalget" in load_workbook(out).properties.title
    call_command("export_bilag", "--all", "--out", str(tmp_path / "all.xlsx"))
    book = load_workbook(tmp_path / "all.xlsx")
    assert "BIU – " not in texts(book["Bilag 2"])
    call_command(
        "export_bilag", "--all", "--include-biu", "--lang", "en", "--out", str(tmp_path / "en.xlsx")
    )
    english = load_workbook(tmp_path / "en.xlsx")
    assert english.sheetnames[1] == "Funding"
    assert "(not part of the adopted Bilag 2)" in texts(english["Bilag 2"])


def test_head_is_answered_like_get_without_a_body(client):
    """A link checker or a browser's prefetch asks HEAD first: the workbook answers it."""
    for url in (reverse("committees:bilag-all"), reverse("committees:bilag", args=["sud"])):
        head = client.head(url)
        assert head.status_code == 200
        assert head["Content-Type"] == client.get(url)["Content-Type"]
        assert head.content == b""
    assert client.head(reverse("committees:plan", args=["sud"])).status_code == 200
    assert client.head(reverse("indicators:public-barometer")).status_code == 200
