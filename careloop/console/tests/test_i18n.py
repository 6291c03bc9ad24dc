from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# A word from the home page, the demo banner and the sign-in button, per language.
KNOWN = {
    "en": ("Quick links", "Demo mode: multi-factor sign-in is waived", "Sign in"),
    "es": ("Accesos rápidos", "Modo demostración: se omite el inicio de sesión multifactor",
           "Iniciar sesión"),
    "fr": ("Liens rapides", "Mode démo : l’authentification multifacteur est désactivée",
           "Se connecter"),
    "pl": ("Szybkie linki", "Tryb demonstracyjny: logowanie wieloskładnikowe jest wyłączone",
           "Zaloguj się"),
    "tr": ("Hızlı bağlantılar", "Demo modu: çok faktörlü oturum açma devre dışı",
           "Oturum aç"),
}


def _in(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_home_and_login_are_translated(client, coordinator, signed_in, language):
    quick_links, banner, sign_in_button = KNOWN[language]
    _in(client, language)
    login = client.get(reverse("console:login")).content.decode()
    assert f'<html lang="{language}">' in login and sign_in_button in login
    signed_in(client, coordinator)
    home = client.get(reverse("console:home")).content.decode()
    assert quick_links in home and banner in home


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_page_renders_in_every_language(tenant, coordinator, auditor, admin, gina,
                                              signed_in, language):
    pages = {
        coordinator: [reverse("console:home"), reverse("console:patients"),
                      reverse("console:patient_detail", args=[gina.id]),
                      reverse("console:otp_enrol")],
        auditor: [reverse("console:audit")],
        admin: [reverse("console:users")],
    }
    for actor, urls in pages.items():
        client = _in(Client(), language)
        signed_in(client, actor)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in response.content.decode()
        results = client.post(reverse("console:patients"), {"name": "Gina"})
        assert results.status_code in (200, 403)
    anonymous = _in(Client(), language)
    assert anonymous.get(reverse("console:login")).status_code == 200


def test_language_switch_works_without_javascript(client, coordinator, signed_in):
    signed_in(client, coordinator)
    page = client.get(reverse("console:home")).content.decode()
    form = page.split('id="language-form"')[1].split("</form>")[0]
    assert 'action="/i18n/setlang/"' in page and 'method="post"' in form
    assert '<select name="language"' in form and 'type="submit"' in form
    response = client.post("/i18n/setlang/", {"language": "pl", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    assert "Szybkie linki" in client.get(reverse("console:home")).content.decode()


def test_expiry_message_is_translated(client):
    client.cookies["careloop_signed_in"] = "1"
    _in(client, "es")
    response = client.get(reverse("console:home"))
    page = client.get(response.url).content.decode()
    assert "Se cerró tu sesión tras 15 minutos de inactividad." in page
