"""The console ships complete catalogs: no empty or fuzzy entries, and compiled after editing."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import careloop

LOCALE = Path(careloop.__file__).parent / "locale"


def _catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as f:
        return read_po(f, locale=language)


@pytest.mark.parametrize("language", ["es", "fr", "pl", "tr"])
def test_catalog_is_complete(language):
    catalog = _catalog(language)
    assert not catalog.fuzzy, "the header is marked fuzzy"
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    empty = [m.id for m in messages
             if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert empty == [], f"{language}: untranslated {empty}"
    assert fuzzy == [], f"{language}: fuzzy {fuzzy}"


@pytest.mark.parametrize("language", ["es", "fr", "pl", "tr"])
def test_compiled_catalog_is_current(language):
    """The committed .mo holds exactly the .po's translations (content, not file times)."""
    import gettext

    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"run `careloop compilemessages` for {language}"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for m in _catalog(language):
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            got = compiled.ngettext(m.id[0], m.id[1], 1)
            want = m.string[0]
        elif m.context:
            got, want = compiled.pgettext(m.context, m.id), m.string
        else:
            got, want = compiled.gettext(m.id), m.string
        if got != want:
            stale.append(m.id)
    assert stale == [], f"{language}: run `careloop compilemessages`; stale: {stale[:5]}"


@pytest.mark.parametrize("language", ["es", "fr", "pl", "tr"])
def test_placeholders_survive_translation(language):
    import re

    placeholder = re.compile(r"%\(\w+\)s|\{\w*\}")
    for m in _catalog(language):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(placeholder.findall(ids[-1]))
        for text in strings:
            assert set(placeholder.findall(text)) <= wanted | set(placeholder.findall(ids[0])), m.id
            assert wanted - {"%(minutes)s", "%(counter)s", "%(count)s"} <= set(
                placeholder.findall(text)), (language, m.id, text)
