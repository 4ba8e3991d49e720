"""The year-entry page: one form for all of a committee's indicators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Breakdown, CommitteeYear, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


YEAR = 2012


def url(slug="kfu", year=YEAR):
    return reverse("indicators:year-entry", args=[slug, year])


def form_data(response, **overrides):
    """The page's own form as a browser would post it, with some fields changed."""
    formset = response.context["formset"]
    management = formset.management_form
    data = {"version": response.context["version"], "snapshot": response.context["snapshot"]}
    data.update(
        {management.add_prefix(name): management[name].value() for name in management.fields}
    )
    for form in formset:
        for name in form.fields:
            value = form[name].value()
            if value in (None, False):
                continue
            data[form.add_prefix(name)] = value
    data.update(overrides)
    return data


def field_name(response, indicator, group="", sex="all"):
    for form in response.context["formset"]:
        if form.indicator == indicator:
            b = Breakdown.objects.get(indicator=indicator, group=group, sex=sex)
            return form.add_prefix(f"b{b.pk}")
    raise AssertionError("indicator not on the page")


@pytest.fixture
def grade5(kfu):
    return Indicator.objects.get(objective__plan__committee=kfu, text__contains="5. klasse")


@pytest.fixture
def concert(kfu):
    return Indicator.objects.get(objective__plan__committee=kfu, text__contains="koncert")


def test_the_page_shows_every_indicator_with_a_field_per_breakdown(client, kfu_staff, grade5):
    client.force_login(kfu_staff)
    response = client.get(url())
    assert response.status_code == 200
    forms = list(response.context["formset"])
    assert len(forms) == Indicator.objects.filter(objective__plan__committee__code="KFU").count()
    grade5_form = next(f for f in forms if f.indicator == grade5)
    assert len(grade5_form.breakdowns) == 6
    html = response.content.decode()
    assert "Tosprogede elever, drenge/mænd" in html
    assert "9 pct.-point (2009)" in html  # baseline beside the fields


def test_danish_and_english_decimals_are_both_accepted(client, kfu_staff, grade5, concert):
    client.force_login(kfu_staff)
    page = client.get(url())
    data = form_data(
        page,
        **{
            field_name(page, grade5, "Tosprogede elever"): "52,5",
            field_name(page, concert): "12.5",
        },
    )
    response = client.post(url(), data)
    assert response.status_code == 302
    saved = IndicatorValue.objects.get(
        breakdown__indicator=grade5,
        breakdown__group="Tosprogede elever",
        breakdown__sex="all",
        year=YEAR,
    )
    assert saved.value == Decimal("52.5") and saved.status == "draft"
    assert IndicatorValue.objects.get(breakdown__indicator=concert, year=YEAR).value == Decimal(
        "12.5"
    )


def test_bad_input_is_explained_next_to_the_field_the_valid_fields_are_saved(
    client, kfu_staff, grade5, concert
):
    client.force_login(kfu_staff)
    page = client.get(url())
    bad = field_name(page, grade5, "Tosprogede elever")
    good = field_name(page, concert)
    response = client.post(
        url(),
        form_data(
            page, **{bad: "130", good: "7,25", field_name(page, grade5, "Etsprogede elever"): "abc"}
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "En procentsats skal ligge mellem 0 og 100." in html
    assert "“abc” er ikke et tal. Skriv f.eks. 12,5." in html
    assert 'value="130"' in html and 'value="7,25"' in html and 'value="abc"' in html
    assert 'aria-invalid="true"' in html
    # the valid field is saved as draft, the two invalid ones are not, and the banner says so
    saved = IndicatorValue.objects.get(year=YEAR)
    assert saved.breakdown.indicator == concert and saved.value == Decimal("7.25")
    assert saved.status == "draft"
    assert "1 værdi blev gemt som kladde." in html
    assert "2 felter skal rettes" in html
    for name in (bad, field_name(page, grade5, "Etsprogede elever")):
        assert f'href="#id_{name}"' in html  # a link to each field that needs fixing


def test_submitting_needs_every_indicator_or_a_reason(client, kfu_staff, grade5):
    client.force_login(kfu_staff)
    page = client.get(url())
    response = client.post(url(), form_data(page, submit="1"))
    assert response.status_code == 200
    assert "Indtast en værdi, eller sæt kryds i “Ingen data i år” med en begrundelse." in (
        response.content.decode()
    )
    assert not CommitteeYear.objects.filter(
        committee__code="KFU", year=YEAR, status="submitted"
    ).exists()


def test_a_complete_year_is_submitted(client, kfu_staff):
    client.force_login(kfu_staff)
    page = client.get(url())
    data = form_data(page, submit="1")
    for form in page.context["formset"]:
        data[form.add_prefix("no_data")] = "on"
        data[form.add_prefix("no_data_reason")] = "Opgøres først i 2013"
    response = client.post(url(), data)
    assert response.status_code == 302
    cy = CommitteeYear.objects.get(committee__code="KFU", year=YEAR)
    assert cy.status == "submitted" and cy.submitted_by == kfu_staff
    assert set(
        IndicatorValue.objects.filter(year=YEAR).values_list("no_data_reason", flat=True)
    ) == {"Opgøres først i 2013"}


def test_a_reason_is_required_when_no_data_is_ticked(client, kfu_staff):
    client.force_login(kfu_staff)
    page = client.get(url())
    form = page.context["formset"].forms[0]
    response = client.post(url(), form_data(page, **{form.add_prefix("no_data"): "on"}))
    assert "Giv en begrundelse, når der ingen data er." in response.content.decode()


def test_a_save_from_an_older_page_is_merged_field_by_field(
    client, kfu_staff, analyst, concert, grade5
):
    other = client.__class__()
    client.force_login(kfu_staff)
    other.force_login(analyst)
    mine = client.get(url())
    theirs = other.get(url())
    both = field_name(mine, concert)
    only_theirs = field_name(mine, grade5, "Tosprogede elever")
    only_mine = field_name(mine, grade5, "Etsprogede elever")
    first = other.post(url(), form_data(theirs, **{both: "20", only_theirs: "33,3"}))
    assert first.status_code == 302
    response = client.post(url(), form_data(mine, **{both: "30", only_mine: "61,5"}))
    assert response.status_code == 200

    def value(indicator, group=""):
        return IndicatorValue.objects.get(
            breakdown__indicator=indicator,
            breakdown__group=group,
            breakdown__sex="all",
            year=YEAR,
        ).value

    assert value(grade5, "Tosprogede elever") == Decimal("33.3")  # their field is kept
    assert value(grade5, "Etsprogede elever") == Decimal("61.5")  # mine is saved
    assert value(concert) == 20  # both changed it: nothing decided yet
    html = response.content.decode()
    assert "analyst ændrede 1 felt, som du også ændrede." in html
    assert "Behold deres: <strong>20 pct.-point</strong>" in html
    assert "Brug din: <strong>30 pct.-point</strong>" in html
    assert f'name="{both}" id="id_{both}" value="30"' in html  # what I typed is still there

    # saving again without choosing changes nothing of theirs
    again = client.post(url(), form_data(response))
    assert again.status_code == 200
    assert value(concert) == 20 and value(grade5, "Tosprogede elever") == Decimal("33.3")
    # choosing mine saves mine; their untouched field is still theirs
    chosen = client.post(url(), form_data(again, **{f"pick-{both}": "mine"}))
    assert chosen.status_code == 302
    assert value(concert) == 30 and value(grade5, "Tosprogede elever") == Decimal("33.3")


def test_choosing_theirs_keeps_their_value(client, kfu_staff, analyst, concert):
    other = client.__class__()
    client.force_login(kfu_staff)
    other.force_login(analyst)
    mine = client.get(url())
    theirs = other.get(url())
    name = field_name(mine, concert)
    other.post(url(), form_data(theirs, **{name: "20"}))
    response = client.post(url(), form_data(mine, **{name: "30"}))
    chosen = client.post(url(), form_data(response, **{f"pick-{name}": "theirs"}))
    assert chosen.status_code == 302
    assert IndicatorValue.objects.get(breakdown__indicator=concert, year=YEAR).value == 20


def test_a_page_without_its_snapshot_cannot_overwrite_a_newer_save(
    client, kfu_staff, analyst, concert
):
    other = client.__class__()
    client.force_login(kfu_staff)
    other.force_login(analyst)
    mine = client.get(url())
    theirs = other.get(url())
    name = field_name(mine, concert)
    other.post(url(), form_data(theirs, **{name: "20"}))
    data = form_data(mine, **{name: "30"})
    del data["snapshot"]
    assert client.post(url(), data).status_code == 200
    assert IndicatorValue.objects.get(breakdown__indicator=concert, year=YEAR).value == 20


def test_the_return_reason_is_shown_on_the_entry_page(client, kfu_staff, kfu):
    CommitteeYear.objects.create(
        committee=kfu, year=YEAR, status="returned", return_comment="9. klasse mangler kilde"
    )
    client.force_login(kfu_staff)
    assert "9. klasse mangler kilde" in client.get(url()).content.decode()


def test_staff_cannot_open_another_committee_or_a_year_outside_the_plan(client, kfu_staff):
    client.force_login(kfu_staff)
    assert client.get(url("sud")).status_code == 404
    assert client.post(url("sud"), {}).status_code == 404
    assert client.get(url("kfu", 2009)).status_code == 404
    assert client.get(url("kfu", 2015)).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_other_methods_are_refused(client, kfu_staff):
    client.force_login(kfu_staff)
    assert client.put(url()).status_code == 405
    assert client.delete(url()).status_code == 405


def test_the_page_costs_a_fixed_number_of_queries(client, kfu_staff, django_assert_max_num_queries):
    client.force_login(kfu_staff)
    with django_assert_max_num_queries(20):
        client.get(url("kfu"))


@pytest.fixture
def cocaine(sud):
    return Indicator.objects.filter(
        objective__plan__committee=sud, text__contains="kokainmisbrug", unit="count"
    ).first()


def sud_url(year=YEAR):
    return reverse("indicators:year-entry", args=["sud", year])


def stored(indicator):
    return IndicatorValue.objects.get(breakdown__indicator=indicator, year=YEAR).value


@pytest.mark.parametrize(("typed", "kept"), [("1000", 1000), ("2.000", 2000), ("1234", 1234)])
def test_a_count_saved_and_saved_again_untouched_keeps_its_number(
    client, sud_staff, cocaine, typed, kept
):
    client.force_login(sud_staff)
    page = client.get(sud_url())
    name = field_name(page, cocaine)
    assert client.post(sud_url(), form_data(page, **{name: typed})).status_code == 302
    assert stored(cocaine) == kept
    page = client.get(sud_url())
    assert page.context["formset"].forms[0].prefix  # the page renders the saved value
    shown = next(
        f[name.split("-")[-1]].value() for f in page.context["formset"] if f.indicator == cocaine
    )
    assert shown == str(kept)  # in the field without a thousands separator
    assert f'value="{kept}"' in page.content.decode()
    response = client.post(sud_url(), form_data(page))  # "Gem kladde" again, untouched
    assert response.status_code == 302
    assert stored(cocaine) == kept


def test_the_number_rule_is_written_beside_the_fields(client, sud_staff):
    client.force_login(sud_staff)
    html = client.get(sud_url()).content.decode()
    assert "Et punktum efterfulgt af præcis tre cifre adskiller tusinder" in html
    assert 'aria-describedby="number-rule"' in html


def test_after_the_session_ended_the_typed_values_come_back_after_logging_in(
    client, kfu_staff, concert
):
    client.force_login(kfu_staff)
    page = client.get(url())
    name = field_name(page, concert)
    data = form_data(page, **{name: "17,5"})
    client.logout()  # the session has ended while the page was open
    response = client.post(url(), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not IndicatorValue.objects.filter(year=YEAR).exists()
    login = client.post(
        response["Location"], {"username": "kfu_staff", "password": "pw"}, follow=True
    )
    assert login.redirect_chain[-1][0] == url()
    html = login.content.decode()
    assert f'name="{name}" id="id_{name}" value="17,5"' in html
    assert "Ikke gemt endnu" in html
    assert 'data-unsaved="1"' in html  # the page warns before it is left
    assert not IndicatorValue.objects.filter(year=YEAR).exists()  # not saved by itself
    # saving it then saves it, and the kept values are gone from the session
    assert client.post(url(), form_data(login)).status_code == 302
    assert IndicatorValue.objects.get(breakdown__indicator=concert, year=YEAR).value == Decimal(
        "17.5"
    )
    assert 'value="17,5"' in client.get(url()).content.decode()
    assert "Ikke gemt endnu" not in client.get(url()).content.decode()


def test_a_form_save_never_overwrites_another_breakdowns_comment(client, kfu_staff, grade5):
    first, second = Breakdown.objects.filter(indicator=grade5).order_by("order")[:2]
    for b, text in ((first, "Fra Excel: første"), (second, "Fra Excel: anden")):
        IndicatorValue.objects.create(breakdown=b, year=YEAR, value=Decimal("50"), comment=text)
    client.force_login(kfu_staff)
    page = client.get(url())
    html = page.content.decode()
    assert "Fra Excel: første" in html and "Fra Excel: anden" in html
    form = next(f for f in page.context["formset"] if f.indicator == grade5)
    response = client.post(url(), form_data(page, **{form.add_prefix(f"c{first.pk}"): "Rettet"}))
    assert response.status_code == 302
    assert IndicatorValue.objects.get(breakdown=first, year=YEAR).comment == "Rettet"
    assert IndicatorValue.objects.get(breakdown=second, year=YEAR).comment == "Fra Excel: anden"
