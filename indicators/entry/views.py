"""Entry workflow: committee staff enter, BIF approves."""

import functools
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from committees.models import Committee
from committees.roles import analyst_required, committees_for
from kkintegration.common.formatting import (
    NUMBER_RULE,
    danish_measure,
    danish_number,
    input_number,
    parse_number,
)
from kkintegration.common.uploads import UploadRefused, capped_errors

from ..models import (
    Breakdown,
    CommitteeYear,
    Indicator,
    IndicatorValue,
    ReportingRound,
    ValueImport,
)
from .forms import DueDateForm, ReturnForm, UploadForm, year_entry_formset
from .imports import build_template, changes_between, read_template
from .services import (
    ConflictError,
    Entry,
    StaleReviewError,
    committee_year_for,
    entered_values,
    merge_field,
    values_approve_year,
    values_return_year,
    values_save_year,
)
from .tables import EntryStatusTable, entry_status_rows

# The overviews list this many committees a page (each with its plan's years).
COMMITTEES_PER_PAGE = 25
UPLOADS_PER_HOUR = 30  # per user: the archive of uploads cannot be filled by one person

# --- Entry workflow (login) -------------------------------------------------------------


def _entry_scope(request, slug, year):
    """The committee (through what the user may enter) and its plan; 404 outside them."""
    committee = get_object_or_404(committees_for(request.user), slug=slug)
    plan = committee.plans.filter(period_start__lte=year, period_end__gte=year).first()
    if plan is None:
        raise Http404("year outside the plan period")
    return committee, plan


def _plan_indicators(committee):
    """The committee's indicators in plan order, and their breakdowns by indicator (2 queries)."""
    indicators = list(
        Indicator.objects.filter(objective__plan__committee=committee)
        .select_related("target", "objective")
        .order_by("objective__order", "order")
    )
    breakdowns = {i.pk: [] for i in indicators}
    for b in Breakdown.objects.filter(indicator__in=indicators).order_by("order"):
        breakdowns[b.indicator_id].append(b)
    for i in indicators:
        for b in breakdowns[i.pk]:
            b.indicator = i
    return indicators, breakdowns


def _approved_last_year(committee, year):
    return dict(
        IndicatorValue.objects.approved()
        .filter(breakdown__indicator__objective__plan__committee=committee, year=year - 1)
        .values_list("breakdown_id", "value")
    )


def _initial(indicators, breakdowns, values):
    """The fields of each indicator's form as the stored values fill them."""
    initial = []
    for ind in indicators:
        row = {"indicator_id": ind.pk}
        saved = [values[b.pk] for b in breakdowns[ind.pk] if b.pk in values]
        for b in breakdowns[ind.pk]:
            v = values.get(b.pk)
            row[f"b{b.pk}"] = input_number(v.value) if v and v.value is not None else ""
            row[f"c{b.pk}"] = v.comment if v else ""
        if saved:
            first = saved[0]
            reasons = [v.no_data_reason for v in saved if v.no_data_reason]
            row.update(
                no_data=bool(reasons),
                no_data_reason=reasons[0] if reasons else "",
                source=first.source,
                is_provisional=any(v.is_provisional for v in saved),
            )
        initial.append(row)
    return initial


CHECKBOXES = {"no_data", "is_provisional"}
UNKNOWN = object()  # the page's content of a field, when the page did not say
SNAPSHOT_SALT = "indicators.year-entry.snapshot"


def _local(name):
    """A form field's own name ("b12") from its name on the page ("ind-3-b12")."""
    return name.rsplit("-", 1)[-1]


def _norm(name, raw):
    """A field's content as compared between page, store and POST."""
    local = _local(name)
    if local in CHECKBOXES:
        return bool(raw)
    text = str(raw or "").replace("\r\n", "\n").strip()
    if local.startswith("b") and text:
        try:
            return input_number(parse_number(text))
        except ValidationError:
            return text
    return text


def _field_names(formset):
    return [
        form.add_prefix(name) for form in formset for name in form.fields if name != "indicator_id"
    ]


def _stored_state(indicators, breakdowns, values):
    """{name on the page: normalised content} for the stored values."""
    state = {}
    for i, row in enumerate(_initial(indicators, breakdowns, values)):
        for name, value in row.items():
            if name != "indicator_id":
                state[f"ind-{i}-{name}"] = _norm(name, value)
    for i, ind in enumerate(indicators):
        for b in breakdowns[ind.pk]:
            state.setdefault(f"ind-{i}-b{b.pk}", "")
            state.setdefault(f"ind-{i}-c{b.pk}", "")
        for name in ("no_data_reason", "source"):
            state.setdefault(f"ind-{i}-{name}", "")
        for name in CHECKBOXES:
            state.setdefault(f"ind-{i}-{name}", False)
    return state


def _typed_state(names, post):
    return {n: _norm(n, n in post if _local(n) in CHECKBOXES else post.get(n, "")) for n in names}


def _sign_snapshot(state, conflicts=()):
    return signing.dumps({"state": state, "conflicts": sorted(conflicts)}, salt=SNAPSHOT_SALT)


def _read_snapshot(post):
    try:
        snap = signing.loads(post.get("snapshot", ""), salt=SNAPSHOT_SALT)
    except signing.BadSignature:
        return None, set()
    return snap.get("state"), set(snap.get("conflicts", []))


def _merge(names, base, stored, typed, picks, open_conflicts):
    """What to write per field of a save from a page showing `base`: (data, written,
    conflicts). Fields the user did not change keep the stored value; fields both the user
    and someone else changed are conflicts until the user picks theirs or their own."""
    data, written, conflicts = {}, set(), {}
    for n in names:
        pick = picks.get(f"pick-{n}")
        if n in open_conflicts and pick == "theirs":
            data[n] = stored[n]
            continue
        if n in open_conflicts and pick == "mine":
            action = "write" if typed[n] != stored[n] else "keep"
        elif n in open_conflicts and typed[n] != stored[n]:
            action = "conflict"
        else:
            action, _value = merge_field(base.get(n, stored[n]), stored[n], typed[n])
        if action == "write":
            data[n] = typed[n]
            written.add(n)
        elif action == "conflict":
            data[n] = stored[n]
            conflicts[n] = (stored[n], typed[n])
        else:
            data[n] = stored[n]
    return data, written, conflicts


def _as_post(formset_names, management, data, indicators):
    post = dict(management)
    for i, ind in enumerate(indicators):
        post[f"ind-{i}-indicator_id"] = str(ind.pk)
    for n in formset_names:
        value = data[n]
        if value is True:
            post[n] = "on"
        elif value is not False:
            post[n] = value
    return post


def _entries(formset, written):
    """The entries to save: only the fields the user changed that passed validation."""
    entries = []
    for form in formset:
        data = form.cleaned_data
        ok = {n for n in form.fields if n not in form.errors}
        changed = {_local(n) for n in written if n.startswith(form.prefix + "-")} & ok
        shared = set()
        if changed & {"no_data", "no_data_reason"} and "no_data_reason" in ok:
            shared.add("no_data_reason")
        if "source" in changed:
            shared.add("source")
        if "is_provisional" in changed:
            shared.add("is_provisional")
        for b in form.breakdowns:
            only = set(shared)
            if f"b{b.pk}" in changed:
                only |= {"value", "no_data_reason", "is_provisional"}
            if f"c{b.pk}" in changed:
                only.add("comment")
            if not only:
                continue
            value = data.get(f"b{b.pk}")
            entries.append(
                Entry(
                    breakdown=b,
                    value=value,
                    no_data_reason=(data.get("no_data_reason") or "").strip()
                    if value is None and data.get("no_data")
                    else "",
                    comment=(data.get(f"c{b.pk}") or "").strip(),
                    source=(data.get("source") or "").strip(),
                    is_provisional=bool(data.get("is_provisional")) and value is not None,
                    only=frozenset(only),
                )
            )
    return entries


def _shown(name, value, unit):
    """A conflicting field's content as the user reads it."""
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value == "":
        return "–"
    if _local(name).startswith("b"):
        try:
            return danish_measure(parse_number(value), unit)
        except ValidationError:
            return value
    return value


KEPT_POST = "indicators.year-entry.kept"


def login_required_keeping_post(view):
    """login_required that keeps what a signed-out user posted to the page: after logging
    in again the form shows it, not saved, until the user saves."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                kept = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
                request.session[KEPT_POST] = {"path": request.path, "data": kept}
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_GET
def entry_start(request):
    """Staff's start page: their committees' years, what is due and what was returned."""
    page = Paginator(committees_for(request.user).order_by("order", "code"), COMMITTEES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    committees = list(page.object_list.prefetch_related("plans"))
    years = {
        cy.committee_id * 10000 + cy.year: cy
        for cy in CommitteeYear.objects.filter(committee__in=committees)
    }
    rounds = dict(ReportingRound.objects.values_list("year", "due_date"))
    demo = set(
        IndicatorValue.objects.filter(
            origin=IndicatorValue.Origin.DEMO,
            breakdown__indicator__objective__plan__committee__in=committees,
        )
        .values_list("breakdown__indicator__objective__plan__committee", "year")
        .distinct()
    )
    rows = []
    for c in committees:
        for plan in c.plans.all():
            for year in plan.years:
                cy = years.get(c.pk * 10000 + year)
                rows.append(
                    {
                        "committee": c,
                        "year": year,
                        "cy": cy,
                        "due": rounds.get(year),
                        "demo": (c.pk, year) in demo,
                    }
                )
    returned = [r for r in rows if r["cy"] and r["cy"].status == CommitteeYear.Status.RETURNED]
    return render(
        request,
        "indicators/entry_start.html",
        {"rows": rows, "returned": returned, "today": timezone.localdate(), "page": page},
    )


@login_required_keeping_post
@require_http_methods(["GET", "POST"])
def year_entry(request, slug, year):
    """Every indicator of a committee's plan for one year, saved as draft or submitted.

    A save writes only the fields the user changed, merged field by field with whatever
    was saved since the page was loaded, and saves the valid fields even when others
    need fixing.
    """
    committee, plan = _entry_scope(request, slug, year)
    indicators, breakdowns = _plan_indicators(committee)
    cy = committee_year_for(committee, year)
    values = entered_values(committee, year)
    management = None
    shown_data = None  # what the fields show, when it is not the stored values
    conflicts, saved_count, kept, other = {}, None, False, None
    submit = False
    open_conflicts = set()
    if request.method == "GET":
        stash = request.session.get(KEPT_POST)
        if stash and stash.get("path") == request.path:
            del request.session[KEPT_POST]
            post = QueryDict(mutable=True)
            for k, v in stash["data"].items():
                post.setlist(k, v)
            shown_data, kept = post, True
            base, open_conflicts = _read_snapshot(post)
    else:
        submit = "submit" in request.POST
        probe = year_entry_formset(indicators, breakdowns, data=request.POST)
        names = _field_names(probe)
        management = {
            probe.management_form.add_prefix(n): request.POST.get(
                probe.management_form.add_prefix(n), ""
            )
            for n in probe.management_form.fields
        }
        base, open_conflicts = _read_snapshot(request.POST)
        typed = _typed_state(names, request.POST)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        for _attempt in range(3):
            stored = _stored_state(indicators, breakdowns, values)
            if base is None:
                # no usable snapshot: a page of another version may change nothing unseen
                base = stored if version == cy.version else dict.fromkeys(names, UNKNOWN)
            data, written, conflicts = _merge(
                names, base, stored, typed, request.POST, open_conflicts
            )
            formset = year_entry_formset(
                indicators,
                breakdowns,
                data=_as_post(names, management, data, indicators),
                submit=submit and not conflicts,
            )
            formset.is_valid()
            entries = _entries(formset, written)
            clean = not formset.total_error_count() and not conflicts
            seen, other = cy.version, cy.updated_by
            try:
                cy = values_save_year(
                    committee=committee,
                    year=year,
                    user=request.user,
                    entries=entries,
                    version=cy.version,
                    submit=submit and clean,
                )
            except ConflictError as exc:
                # saved by someone else between reading and writing: merge again
                cy = exc.committee_year
                values = entered_values(committee, year)
                continue
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
                cy.refresh_from_db()
                clean = False
            break
        else:  # pragma: no cover - three saves by others within one request
            messages.error(request, _("The year is being saved by others; try again."))
            return redirect("indicators:year-entry", slug=slug, year=year)
        saved_count = getattr(cy, "changed_count", 0)
        if version != seen:
            messages.info(
                request,
                _(
                    "%(user)s saved this year after you opened the page. Their figures are "
                    "kept in every field you did not change."
                )
                % {"user": other or _("Someone")},
            )
        if clean:
            if submit:
                messages.success(request, _("The year is submitted for approval."))
            elif saved_count:
                messages.success(
                    request,
                    ngettext(
                        "Saved as draft: %(n)s value changed.",
                        "Saved as draft: %(n)s values changed.",
                        saved_count,
                    )
                    % {"n": saved_count},
                )
            else:
                messages.info(request, _("Nothing had changed; nothing was saved."))
            return redirect("indicators:year-entry", slug=slug, year=year)
        # show the stored values, with what the user typed where it needs fixing or choosing
        values = entered_values(committee, year)
        shown = _stored_state(indicators, breakdowns, values)
        for n in names:
            # what the user typed stays where it was not saved (and is the same where it was)
            if n in written or n in conflicts:
                shown[n] = typed[n]
        shown_data = QueryDict(mutable=True)
        shown_data.update(_as_post(names, management, shown, indicators))
        open_conflicts = set(conflicts)
        base = None
    if shown_data is not None:
        formset = year_entry_formset(indicators, breakdowns, data=shown_data, submit=submit)
    else:
        formset = year_entry_formset(
            indicators, breakdowns, initial=_initial(indicators, breakdowns, values)
        )
    stored_now = _stored_state(indicators, breakdowns, values)
    if kept and base is not None:
        snapshot = _sign_snapshot(base, open_conflicts)
        version = int(shown_data.get("version") or cy.version)
    else:
        snapshot = _sign_snapshot(stored_now, open_conflicts)
        version = cy.version
    last_year = _approved_last_year(committee, year)
    blocks, to_fix = [], []
    for form in formset:
        ind = form.indicator
        fields = []
        for b, bound, comment in form.value_fields():
            saved = values.get(b.pk)
            fields.append(
                {
                    "breakdown": b,
                    "field": bound,
                    "comment": comment,
                    "last_year": last_year.get(b.pk),
                    "saved": saved,
                }
            )
        block_conflicts = []
        for name in form.fields:
            full = form.add_prefix(name)
            if full in conflicts:
                theirs, mine = conflicts[full]
                block_conflicts.append(
                    {
                        "name": full,
                        "label": form[name].label,
                        "theirs": _shown(full, theirs, ind.value_unit),
                        "mine": _shown(full, mine, ind.value_unit),
                    }
                )
            if shown_data is not None and name in form.errors and name != "indicator_id":
                to_fix.append(
                    {
                        "id": form[name].id_for_label,
                        "label": f"{ind.text[:60]} · {form[name].label}",
                        "error": form.errors[name][0],
                    }
                )
        blocks.append(
            {"form": form, "indicator": ind, "fields": fields, "conflicts": block_conflicts}
        )
    return render(
        request,
        "indicators/year_entry.html",
        {
            "committee": committee,
            "plan": plan,
            "year": year,
            "cy": cy,
            "formset": formset,
            "blocks": blocks,
            "conflict_count": len(conflicts),
            "conflict_user": other if other != request.user else None,
            "saved_count": saved_count,
            "to_fix": to_fix,
            "kept": kept,
            "unsaved": shown_data is not None,
            "version": version,
            "snapshot": snapshot,
            "due": ReportingRound.objects.filter(year=year).first(),
            "imports": ValueImport.objects.filter(committee=committee, year=year)[:5],
            "upload_form": UploadForm(),
            "number_rule": NUMBER_RULE,
        },
    )


@login_required
@require_GET
def entry_template(request, slug, year):
    """The pre-filled Excel template for a committee and year."""
    committee, _plan = _entry_scope(request, slug, year)
    indicators, breakdowns = _plan_indicators(committee)
    ordered = [b for i in indicators for b in breakdowns[i.pk]]
    cy = committee_year_for(committee, year)
    content = build_template(
        committee=committee,
        year=year,
        breakdowns=ordered,
        values=entered_values(committee, year),
        last_year=_approved_last_year(committee, year),
        version=cy.version,
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="indberetning-{slug}-{year}.xlsx"'
    return response


@login_required
@require_POST
def entry_upload(request, slug, year):
    """Receive a filled-in template, keep it, check it, and show the preview."""
    committee, _plan = _entry_scope(request, slug, year)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("indicators:year-entry", slug=slug, year=year)
    recent = ValueImport.objects.filter(
        uploaded_by=request.user, uploaded_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= UPLOADS_PER_HOUR:
        messages.error(
            request,
            _("You have uploaded %(n)s workbooks within the last hour; try again later.")
            % {"n": recent},
        )
        return redirect("indicators:year-entry", slug=slug, year=year)
    upload = form.cleaned_data["file"]
    data = upload.read()
    indicators, breakdowns = _plan_indicators(committee)
    ordered = [b for i in indicators for b in breakdowns[i.pk]]
    cy = committee_year_for(committee, year)
    record = ValueImport(
        committee=committee,
        year=year,
        uploaded_by=request.user,
        original_name=upload.name[:255],
        base_version=cy.version,
    )
    try:
        result = read_template(data, committee=committee, year=year, breakdowns=ordered)
    except UploadRefused as exc:  # unsafe or no workbook at all: nothing is kept
        for message in exc.messages:
            messages.error(request, message)
        return redirect("indicators:year-entry", slug=slug, year=year)
    except ValidationError as exc:
        record.errors = [{"row": None, "column": None, "message": m} for m in exc.messages]
    else:
        record.errors = capped_errors(result.errors)
        if not result.errors:
            record.changes = changes_between(
                result.rows, entered_values(committee, year), ordered, base=result.base
            )
    if record.errors:
        record.state = ValueImport.State.REJECTED
    # archived only now that it has passed the checks
    suffix = "ods" if data[30:38] == b"mimetype" else "xlsx"
    record.file.save(f"{timezone.now():%Y%m%d-%H%M%S}.{suffix}", ContentFile(data), save=False)
    record.save()
    return redirect("indicators:import-detail", slug=slug, year=year, pk=record.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, slug, year, pk):
    """Preview an upload (old → new) or its errors; POST applies it, all or nothing."""
    committee, _plan = _entry_scope(request, slug, year)
    record = get_object_or_404(ValueImport, pk=pk, committee=committee, year=year)
    if request.method == "POST":
        if record.state != ValueImport.State.PREVIEW:
            return HttpResponseNotAllowed(["GET"])
        by_id = {
            b.pk: b
            for b in Breakdown.objects.filter(
                pk__in=[c["breakdown"] for c in record.changes]
            ).select_related("indicator")
        }
        entries = []
        for change in record.changes:
            if change.get("stale") and request.POST.get(f"use-{change['breakdown']}") != "upload":
                continue  # changed since the download: the newer stored value is kept
            f = change["fields"]
            entries.append(
                Entry(
                    breakdown=by_id[change["breakdown"]],
                    value=Decimal(f["value"]) if f["value"] is not None else None,
                    no_data_reason=f["no_data_reason"],
                    comment=f["comment"],
                    source=f["source"],
                    is_provisional=f["is_provisional"],
                )
            )
        try:
            values_save_year(
                committee=committee,
                year=year,
                user=request.user,
                entries=entries,
                version=record.base_version,
            )
        except ConflictError:
            record.state = ValueImport.State.CONFLICT
            record.save(update_fields=["state"])
            messages.error(
                request,
                _(
                    "The year was saved by someone else after the upload; "
                    "nothing was imported. Upload the file again."
                ),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            record.state = ValueImport.State.APPLIED
            record.applied_at = timezone.now()
            record.save(update_fields=["state", "applied_at"])
            kept = len(record.changes) - len(entries)
            messages.success(
                request,
                ngettext("%(n)s value imported.", "%(n)s values imported.", len(entries))
                % {"n": len(entries)}
                + (
                    " "
                    + ngettext(
                        "%(n)s newer stored value kept.", "%(n)s newer stored values kept.", kept
                    )
                    % {"n": kept}
                    if kept
                    else ""
                ),
            )
            return redirect("indicators:year-entry", slug=slug, year=year)
    stale = [c for c in record.changes if c.get("stale")]
    return render(
        request,
        "indicators/import_detail.html",
        {
            "committee": committee,
            "year": year,
            "record": record,
            "stale_count": len(stale),
            "new_count": len(record.changes) - sum(1 for c in stale if c["untouched"]),
        },
    )


HISTORY_FIELDS = [
    "value",
    "no_data_reason",
    "status",
    "comment",
    "source",
    "is_provisional",
    "changed_since_approval",
    "correction",
]


def _readable(field, value):
    """A history value as staff read it: Danish numbers, status labels, yes/no."""
    if value is None or value == "":
        return "–"
    if field == "value":
        return danish_number(value)
    if field == "status":
        return IndicatorValue.Status(value).label
    if field == "correction":
        fields = {**value, "value": None if value.get("value") is None else Decimal(value["value"])}
        text = _readable_entry(fields, None)
        return f"{text} ({fields['comment']})" if fields.get("comment") else text
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _history_rows(records):
    """Old → new per changed field, from history records ordered by value and time."""
    labels = {f: IndicatorValue._meta.get_field(f).verbose_name for f in HISTORY_FIELDS}
    previous = {}
    rows = []
    for rec in records:
        before = previous.get(rec.id)
        changes = []
        for f in HISTORY_FIELDS:
            new = getattr(rec, f)
            old = getattr(before, f) if before else None
            if before is None and new in (None, "", False):
                continue
            if before is None or old != new:
                changes.append((labels[f], _readable(f, old) if before else "–", _readable(f, new)))
        previous[rec.id] = rec
        if changes:
            rows.append({"record": rec, "changes": changes})
    rows.reverse()
    return rows


def _status_changes(records):
    """The history records in which the year's status changed, newest first, each with the
    status before it: saves that left the status as it was are value changes, not these."""
    changes, previous = [], CommitteeYear.Status.DRAFT
    for rec in records:
        if rec.status != previous:
            rec.previous_status = CommitteeYear.Status(previous).label
            changes.append(rec)
            previous = rec.status
    changes.reverse()
    return changes


@login_required
@require_GET
def year_history(request, slug, year):
    """Every change to the committee-year's values and status: who, when, old → new."""
    committee, _plan = _entry_scope(request, slug, year)
    records = (
        IndicatorValue.history.filter(
            breakdown__indicator__objective__plan__committee=committee, year=year
        )
        .select_related("history_user", "breakdown__indicator")
        .order_by("id", "history_date", "history_id")
    )
    status_changes = _status_changes(
        CommitteeYear.history.filter(committee=committee, year=year)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return render(
        request,
        "indicators/history.html",
        {
            "committee": committee,
            "year": year,
            "rows": _history_rows(records),
            "status_changes": status_changes,
        },
    )


@login_required
@require_GET
def indicator_history(request, pk):
    """Every change to one indicator's values, for staff of its committee and analysts."""
    indicator = get_object_or_404(
        Indicator.objects.with_plan(),
        pk=pk,
        objective__plan__committee__in=committees_for(request.user),
    )
    records = (
        IndicatorValue.history.filter(breakdown__indicator=indicator)
        .select_related("history_user", "breakdown__indicator")
        .order_by("id", "history_date", "history_id")
    )
    return render(
        request,
        "indicators/history.html",
        {
            "committee": indicator.objective.plan.committee,
            "indicator": indicator,
            "rows": _history_rows(records),
            "status_changes": [],
        },
    )


# --- Approval (BIF analysts) --------------------------------------------------------------


@analyst_required
@require_http_methods(["GET", "POST"])
def approval_overview(request):
    """Committee × year: entry status, completeness and due date; BIF sets the due dates."""
    form = DueDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ReportingRound.objects.update_or_create(
            year=form.cleaned_data["year"], defaults={"due_date": form.cleaned_data["due_date"]}
        )
        messages.success(request, _("Due date saved."))
        return redirect("indicators:approval-overview")
    page = Paginator(Committee.objects.order_by("order", "code"), COMMITTEES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    table = EntryStatusTable(entry_status_rows(page.object_list))
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "indicators/approval_overview.html",
        {
            "page": page,
            "table": table,
            "form": form,
            "rounds": ReportingRound.objects.all(),
        },
    )


def _review_version(post):
    try:
        return int(post.get("version", ""))
    except ValueError:
        return -1  # a form without the version it was seen at approves nothing


@analyst_required
@require_http_methods(["GET", "POST"])
def year_review(request, slug, year):
    """A submitted committee-year: its values against last year's and against the approved
    figures they would replace, to approve or return exactly as seen."""
    committee, plan = _entry_scope(request, slug, year)
    cy = committee_year_for(committee, year)
    return_form = ReturnForm(request.POST or None)
    stale = None
    if request.method == "POST":
        version = _review_version(request.POST)
        try:
            if "approve" in request.POST:
                values_approve_year(
                    committee=committee, year=year, user=request.user, version=version
                )
                messages.success(request, _("The year is approved and now public."))
                return redirect("indicators:approval-overview")
            if return_form.is_valid():
                values_return_year(
                    committee=committee,
                    year=year,
                    user=request.user,
                    comment=return_form.cleaned_data["comment"],
                    version=version,
                )
                messages.success(request, _("The year is sent back to the committee."))
                return redirect("indicators:approval-overview")
        except StaleReviewError as exc:
            stale = exc
            cy = exc.committee_year
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            cy.refresh_from_db()
    indicators, breakdowns = _plan_indicators(committee)
    values = entered_values(committee, year)
    last_year = _approved_last_year(committee, year)
    changed = stale.changes if stale else {}
    rows = []
    for i in indicators:
        for b in breakdowns[i.pk]:
            row = {
                "indicator": i,
                "breakdown": b,
                "value": values.get(b.pk),
                "last_year": last_year.get(b.pk),
            }
            if b.pk in changed:
                before, _now = changed[b.pk]
                row["seen"] = _readable_entry(before, i.value_unit)
            rows.append(row)
    return render(
        request,
        "indicators/year_review.html",
        {
            "committee": committee,
            "plan": plan,
            "year": year,
            "cy": cy,
            "rows": rows,
            "return_form": return_form,
            "stale": stale,
            "version": cy.version,
            "corrections": sum(1 for v in values.values() if v.is_correction),
        },
    )


def _readable_entry(fields, unit):
    """A value's entered fields in a few words: "12,5 %", or "No data: reason", or "–"."""
    if fields.get("value") is not None:
        return danish_measure(fields["value"], unit)
    if fields.get("no_data_reason"):
        return _("No data: %(reason)s") % {"reason": fields["no_data_reason"]}
    return "–"
