"""A real Chromium (Debian's, through Playwright) signs in, finds Gina and reads her 360 page."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from careloop.identity.public import Role
from careloop.kit.testing import PASSWORD, create_actor, create_person
from careloop.patients.public import do_add_condition

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true",
                       reason="Debian's chromium is not installed (apt-get install chromium)"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser_page():
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
    # happen before it starts, and the live server answers from its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium is required when CI=true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="en-US")
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_coordinator_finds_gina_and_reads_her_360_in_two_languages(live_server, browser_page):
    coordinator = create_actor(Role.CARE_COORDINATOR)
    gina = create_person(coordinator, given_name="Gina", family_name="Larsen",
                         birth_date=dt.date(1992, 4, 14), sex="female")
    create_person(coordinator, given_name="Ana", family_name="Larsen")
    do_add_condition(coordinator, gina.id, "Z80.3")
    page = browser_page

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", coordinator.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.click("#skip-mfa")  # demo/test mode waives the second factor, with a banner
    assert "multi-factor" in page.content()

    page.goto(f"{live_server.url}/patients/")
    page.fill("input[name=name]", "Gina")
    page.keyboard.press("Enter")
    page.wait_for_selector(".patient-link")
    links = page.locator(".patient-link")
    assert links.count() == 1
    assert "Gina" not in page.url  # the search went by POST
    links.first.click()
    page.wait_for_url(f"**/patients/{gina.id}/")
    assert page.locator("h1").inner_text().strip() == "Gina Larsen"
    assert page.locator("#conditions-heading").inner_text() == "Conditions"
    assert "Z80.3" in page.content()
    assert "Family history of malignant neoplasm of breast" in page.content()

    page.select_option("#language-form select[name=language]", "es")
    page.locator("#language-form [type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/patients/{gina.id}/")
    assert page.locator("#conditions-heading").inner_text() == "Problemas de salud"
    assert page.locator("h1").inner_text().strip() == "Gina Larsen"
    assert page.locator("html").get_attribute("lang") == "es"
