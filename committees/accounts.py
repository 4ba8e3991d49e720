"""The account pages: log-in and password reset, both throttled (`committees.throttle`)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kkintegration.common.http import client_address

from . import throttle


def lock_message(lock):
    """What is locked, why, and until when, in words."""
    until = formats.time_format(timezone.localtime(lock.until), "H:i")
    if lock.scope == throttle.NAME_AND_ADDRESS:
        text = ngettext(
            "Log-in as “%(name)s” from your address is paused until %(until)s after "
            "%(limit)d failed attempt. Other users at your address can still log in.",
            "Log-in as “%(name)s” from your address is paused until %(until)s after "
            "%(limit)d failed attempts. Other users at your address can still log in.",
            lock.limit,
        )
    elif lock.scope == throttle.NAME:
        text = ngettext(
            "Log-in as “%(name)s” is paused until %(until)s after %(limit)d failed attempt "
            "from several addresses. Other users can still log in.",
            "Log-in as “%(name)s” is paused until %(until)s after %(limit)d failed attempts "
            "from several addresses. Other users can still log in.",
            lock.limit,
        )
    else:
        text = ngettext(
            "Log-in from your address is paused until %(until)s after %(limit)d failed "
            "attempt with different user names.",
            "Log-in from your address is paused until %(until)s after %(limit)d failed "
            "attempts with different user names.",
            lock.limit,
        )
    name = lock.label.split(" @ ")[0]
    return text % {"name": name, "until": until, "limit": lock.limit}


class LoginView(auth_views.LoginView):
    """Django's log-in, throttled per user name, per user name and address, and per
    address; a locked attempt is answered 429 without the password being checked."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            password_reset_enabled=settings.PASSWORD_RESET_ENABLED, **kwargs
        )

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = client_address(request)
        form = self.get_form()
        locks = throttle.active_locks(username=username, address=address)
        if locks:
            return self.locked(form, locks)
        if form.is_valid():
            throttle.record_success(username=username, address=address)
            return self.form_valid(form)
        if form.cleaned_data.get("username") and form.cleaned_data.get("password"):
            # the password was checked and was wrong (or the name unknown: alike)
            locks = throttle.record_failure(username=username, address=address)
            if locks:
                return self.locked(form, locks)
        return self.form_invalid(form)

    def locked(self, form, locks):
        # a fresh form keeps the name typed; the bound one would check the password
        form = self.get_form_class()(self.request, initial={"username": form.data.get("username")})
        response = self.render_to_response(
            self.get_context_data(form=form, locks=[lock_message(lock) for lock in locks])
        )
        response.status_code = 429
        seconds = max(0, int((max(lock.until for lock in locks) - timezone.now()).total_seconds()))
        response["Retry-After"] = str(seconds + 1)
        return response


def _reset_offered(view):
    """404 for the reset pages when no e-mail server is configured (nothing is promised)."""

    def wrapper(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset through its e-mail framework, in Danish, throttled per
    e-mail address and per client address; the same answer for known and unknown ones."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        until = throttle.allow_reset(
            email=form.cleaned_data["email"], address=client_address(self.request)
        )
        if until is not None:
            form.add_error(
                None,
                _(
                    "Too many reset e-mails have been asked for this address or from your "
                    "network. Nothing was sent. Try again after %(until)s."
                )
                % {"until": formats.time_format(timezone.localtime(until), "H:i")},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


password_reset = _reset_offered(PasswordResetView.as_view())
password_reset_done = _reset_offered(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = _reset_offered(auth_views.PasswordResetConfirmView.as_view())
password_reset_complete = _reset_offered(auth_views.PasswordResetCompleteView.as_view())
