"""The log-in page and its throttling: accounts are protected, an office behind one
address is not locked out, a lock does not restart, the page says what is locked, and an
unknown user name is answered exactly like a known one."""

import re
import socket
from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Rigtigt-kodeord-7"
OFFICE = "10.20.30.40"
ELSEWHERE = "192.0.2.9"


@pytest.fixture
def ida(django_user_model):
    return django_user_model.objects.create_user("ida", password=PASSWORD)


@pytest.fixture
def ole(django_user_model):
    return django_user_model.objects.create_user("ole", password=PASSWORD)


def attempt(username, password="forkert", address=OFFICE, client=None, **extra):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(
        "/konto/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in(response):
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_five_wrong_passwords_pause_that_name_from_that_address_only(ida, ole):
    for _ in range(4):
        assert attempt("ida").status_code == 200
    locked = attempt("ida")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Log-in som “ida” fra din adresse er sat på pause" in text
    assert "Andre brugere på din adresse kan stadig logge ind" in text
    assert int(locked["Retry-After"]) > 14 * 60
    # the right password does not open it while paused, and is not even checked
    assert attempt("ida", PASSWORD).status_code == 429
    # the same person from another address, and a colleague at the same address: in
    assert signed_in(attempt("ida", PASSWORD, address=ELSEWHERE))
    assert signed_in(attempt("ole", PASSWORD))


def test_many_invented_names_from_one_address_lock_nobody_else_out(ida, settings):
    for i in range(settings.LOGIN_LIMIT_ADDRESS - 1):
        assert attempt(f"opdigtet{i}").status_code == 200
    assert signed_in(attempt("ida", PASSWORD))  # the office keeps working
    for i in range(2):
        attempt(f"endnu-en{i}")
    paused = attempt("ida", PASSWORD)
    assert paused.status_code == 429
    assert "Log-in fra din adresse er sat på pause" in paused.content.decode()
    assert signed_in(attempt("ida", PASSWORD, address=ELSEWHERE))


def test_one_name_guessed_from_many_addresses_is_paused_everywhere(ida, settings):
    for i in range(settings.LOGIN_LIMIT_NAME):
        attempt("ida", address=f"198.51.100.{i}")
    paused = attempt("ida", PASSWORD, address=ELSEWHERE)
    assert paused.status_code == 429
    assert "fra flere adresser" in paused.content.decode()


def test_the_pause_does_not_restart_on_further_attempts_and_ends_by_itself(ida):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            attempt("ida")
        for minutes in (5, 10, 14):
            clock.move_to(start + timedelta(minutes=minutes))
            assert attempt("ida").status_code == 429
        clock.move_to(start + timedelta(minutes=15, seconds=1))
        assert signed_in(attempt("ida", PASSWORD))


def test_a_successful_log_in_forgets_the_earlier_failures_of_that_name(ida):
    for _ in range(4):
        attempt("ida")
    assert signed_in(attempt("ida", PASSWORD))
    for _ in range(4):
        assert attempt("ida").status_code == 200


def test_user_names_differing_in_case_share_their_count(ida):
    for name in ("ida", "IDA", "Ida", "iDa", "idA"):
        attempt(name)
    assert attempt("ida", PASSWORD).status_code == 429


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the hashing work done."""

    algorithm = "counting_md5"
    work = 0

    def encode(self, password, salt):
        CountingHasher.work += 1
        return super().encode(password, salt)


def test_an_unknown_name_is_answered_like_a_known_one_with_the_same_hashing_work(ida, settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    ida.set_password(PASSWORD)
    ida.save()
    answers = {}
    for name in ("ida", "ingen-saadan"):
        CountingHasher.work = 0
        response = attempt(name, address=ELSEWHERE)
        answers[name] = (response.status_code, CountingHasher.work)
        body = response.content.decode().replace(f'value="{name}"', 'value="NAME"')
        answers[name] += (re.sub(r'value="[A-Za-z0-9]{64}"', "TOKEN", body.split("<main")[1]),)
    assert answers["ida"] == answers["ingen-saadan"]
    assert answers["ida"][:2] == (200, 1)
    for name in ("ida", "ingen-saadan"):
        for _ in range(5):
            attempt(name)
        CountingHasher.work = 0
        assert attempt(name).status_code == 429
        assert CountingHasher.work == 0


def test_behind_a_trusted_proxy_the_forwarded_address_counts(ida, ole, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = {"address": "127.0.0.1"}
    for _ in range(5):
        attempt("ida", HTTP_X_FORWARDED_FOR=f"evil, {ELSEWHERE}", **proxy)
    # the colleague comes through the same proxy from another machine: not paused
    assert signed_in(attempt("ida", PASSWORD, HTTP_X_FORWARDED_FOR=OFFICE, **proxy))
    assert attempt("ida", PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE, **proxy).status_code == 429


def test_without_a_trusted_proxy_a_forged_forwarded_header_changes_nothing(ida):
    for i in range(5):
        attempt("ida", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    assert attempt("ida", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_a_user_name_far_too_long_is_a_form_error_not_a_server_error():
    response = attempt("x" * 300)
    assert response.status_code == 200
    assert "150" in response.content.decode()


def test_the_locks_are_listed_in_the_admin_and_deleting_one_lifts_it(ida, admin_user):
    for _ in range(5):
        attempt("ida")
    admin = Client()
    admin.force_login(admin_user)
    page = admin.get("/admin/committees/loginthrottle/")
    assert page.status_code == 200 and "ida @ 10.20.30.40" in page.content.decode()
    from committees.models import LoginThrottle

    LoginThrottle.objects.filter(label="ida @ 10.20.30.40").delete()
    assert signed_in(attempt("ida", PASSWORD))
    assert get_user_model().objects.filter(username="ida").exists()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd), and the settings that point at it."""
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(message_from_bytes(envelope.content, policy=default))
            return "250 OK"

    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
        }
    }
    settings.PASSWORD_RESET_ENABLED = True
    yield inbox
    controller.stop()


def ask_reset(email, address=OFFICE):
    return Client(REMOTE_ADDR=address).post("/konto/password_reset/", {"email": email})


def test_a_password_reset_e_mail_arrives_in_danish_and_its_link_sets_a_new_password(
    smtp_server, ida
):
    ida.email = "ida@example.org"
    ida.save()
    login_page = Client().get("/konto/login/").content.decode()
    assert 'href="/konto/password_reset/"' in login_page
    response = ask_reset("ida@example.org")
    assert response.status_code == 302 and response["Location"] == "/konto/password_reset/done/"
    (mail,) = smtp_server.messages
    assert mail["To"] == "ida@example.org"
    assert "Ny adgangskode" in mail["Subject"]
    body = mail.get_content()
    assert "“ida”" in body and "to timer" in body
    link = re.search(r"http://testserver(/konto/reset/\S+)", body)[1]
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert "Vælg en ny adgangskode" in form_page.content.decode()
    new = "Et-helt-nyt-kodeord-9"
    done = browser.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert signed_in(attempt("ida", new))


def test_an_unknown_e_mail_gets_the_same_answer_and_no_e_mail(smtp_server, ida):
    response = ask_reset("nobody@example.org")
    assert response.status_code == 302 and response["Location"] == "/konto/password_reset/done/"
    assert smtp_server.messages == []


def test_reset_requests_are_throttled_per_e_mail_address(smtp_server, ida, settings):
    ida.email = "ida@example.org"
    ida.save()
    for _ in range(settings.PASSWORD_RESET_LIMIT_EMAIL):
        assert ask_reset("ida@example.org", address=f"198.51.100.{_}").status_code == 302
    refused = ask_reset("ida@example.org", address=ELSEWHERE)
    assert refused.status_code == 429
    assert "Intet blev sendt" in refused.content.decode()
    assert len(smtp_server.messages) == settings.PASSWORD_RESET_LIMIT_EMAIL


def test_reset_requests_are_throttled_per_client_address(smtp_server, settings):
    for i in range(settings.PASSWORD_RESET_LIMIT_ADDRESS):
        assert ask_reset(f"n{i}@example.org").status_code == 302
    assert ask_reset("another@example.org").status_code == 429


def test_without_an_e_mail_server_password_reset_is_not_offered(settings):
    settings.PASSWORD_RESET_ENABLED = False
    assert "password_reset" not in Client().get("/konto/login/").content.decode()
    assert Client().get("/konto/password_reset/").status_code == 404
    assert Client().post("/konto/password_reset/", {"email": "a@example.org"}).status_code == 404
