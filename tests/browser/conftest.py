"""Browser tests: Python Playwright driving Debian's Chromium against a live server."""

import os
import shutil
from pathlib import Path

import pytest

from committees.site.loader import load_plans

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + the ORM

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    missing = []
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        missing.append(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(pytest.mark.skip(reason="; ".join(missing)))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "da-DK"}


@pytest.fixture
def plans(transactional_db):
    """The real plans, loaded again: a live-server test empties the database afterwards."""
    load_plans()


@pytest.fixture
def site(live_server, plans):
    return live_server.url


@pytest.fixture
def console_errors(page):
    """JavaScript errors and console errors of the page, collected as it runs."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def axe_violations(page):
    """Serious and critical WCAG 2.1 A/AA violations that axe-core finds on the page."""
    assert AXE.exists(), f"{AXE} is missing: run `npm install` (make test does)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async ([c, o]) => await axe.run(c || document, o)",
        [None, {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}],
    )
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
