import datetime as dt
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from careloop.compliance.public import consent_history, consent_states
from careloop.demo.management.commands.seed import Command as SeedCommand
from careloop.demo.seeding import DEMO_PASSWORD, STAFF, SeedOptions, SeedRefused, seed_demo
from careloop.demo.synth import GINA_PHONE, PopulationBuilder
from careloop.identity.public import Actor, Role, list_staff
from careloop.kit.crypto import normalise
from careloop.locations.public import DirectorySeed, SeededLocation, SeededProvider
from careloop.patients.public import (
    SearchQuery,
    access_person_by_id,
    list_members,
    list_static_lists,
    person_counts,
    read_timeline,
    search_persons,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.UTC)
EMAIL = re.compile(r"^[a-z0-9._]+@example\.(com|org|net)$")
PHONE = re.compile(r"^\+1(312|773|630)55501\d\d$")
CLINICAL = {"sports-medicine", "early-mammography", "joint-replacement", "diabetes-registry",
            "post-discharge-followup", "heart-failure-program"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The demo password is hashed once per staff user; PBKDF2 would dominate these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed(tmp_path, slug="northlake", suffix="", n=200, **kwargs):
    return seed_demo(SeedOptions(patients=n, seed=42, tenant_slug=slug, username_suffix=suffix,
                                 token_path=tmp_path / f"{slug}-token.txt", now=NOW, **kwargs))


def _actor(result, role=Role.CARE_COORDINATOR):
    username = next(b for b, r in STAFF if r == role)
    info = next(s for s in list_staff(result.tenant.id) if s.username.startswith(username))
    return Actor(info.id, info.username, result.tenant.id, Role(info.role), info.is_machine)


@pytest.fixture
def seeded(tmp_path):
    return _seed(tmp_path)


def test_same_seed_gives_the_same_people_in_two_tenants(tmp_path):
    first = _seed(tmp_path, "northlake-a", "@a")
    second = _seed(tmp_path, "northlake-b", "@b", parallel=False)  # in-process path too
    assert len(first.person_ids) == len(second.person_ids) == 200

    def people(result):
        actor = _actor(result)
        views = [access_person_by_id(actor, pid) for pid in result.person_ids]
        return [(v.given_name, v.family_name, v.birth_date, v.sex, v.language) for v in views]

    assert people(first) == people(second)
    assert len({name[:2] for name in people(first)}) > 150  # and they are not all alike

    def events(result):
        actor = _actor(result)
        return [[e.event_id for e in read_timeline(actor, pid)] for pid in result.person_ids[:20]]

    assert events(first) == events(second)
    assert events(first)[3][-1] == "seed-42-3-0"  # newest first; ids count up in time order


def test_gina_exists_once_and_matches_the_persona(seeded):
    actor = _actor(seeded)
    found = search_persons(actor, SearchQuery(name="Gina"))
    assert [p.id for p in found] == [seeded.gina_id]
    gina = access_person_by_id(actor, seeded.gina_id)
    assert (gina.given_name, gina.family_name, gina.sex, gina.language) == (
        "Gina", "Larsen", "female", "en")
    today = NOW.astimezone(dt.timezone(dt.timedelta(hours=-6))).date()
    age = today.year - gina.birth_date.year - (
        (today.month, today.day) < (gina.birth_date.month, gina.birth_date.day))
    assert age == 34
    assert [c.code for c in gina.conditions] == ["Z80.3"]
    assert gina.conditions[0].description == "Family history of malignant neoplasm of breast"
    assert set(gina.preference.topics) == {"running", "women's health"}
    assert {(c.kind, c.value) for c in gina.contact_points} == {
        ("email", "gina.larsen@example.com"), ("phone", GINA_PHONE)}
    granted = {(c.channel, c.purpose) for c in consent_states(seeded.tenant.id, gina.id)
               if c.granted}
    assert granted == {("email", "treatment"), ("email", "operations"), ("email", "marketing"),
                       ("sms", "treatment")}
    assert gina.lists == []
    timeline = read_timeline(actor, gina.id)
    # No primary-care provider: no PCP relationship, no visits at all yet.
    assert not [e for e in timeline if e.type.startswith(("care_team.", "appointment.",
                                                          "encounter."))]
    pages = [e.payload["path"] for e in timeline if e.type == "web.page_viewed"]
    assert any("running" in p for p in pages) and any("womens-health" in p for p in pages)


def test_gina_lives_near_an_urgent_care(seeded):
    gina = access_person_by_id(_actor(seeded), seeded.gina_id)
    from careloop.locations.public import haversine_km, list_locations

    cares = list_locations(_actor(seeded), kind="urgent_care")
    home = (gina.address["lat"], gina.address["lon"])
    assert min(haversine_km(home, (c.latitude, c.longitude)) for c in cares) < 2.0


def test_search_finds_gina_by_phone_and_email_through_blind_indexes(seeded):
    actor = _actor(seeded)
    by_phone = search_persons(actor, SearchQuery(phone="+1 312 555 0142"))
    by_email = search_persons(actor, SearchQuery(email="Gina.Larsen@example.com"))
    by_both = search_persons(actor, SearchQuery(name="gina larsen", email="gina.larsen@example.com",
                                                phone="(312) 555-0142"))
    assert [p.id for p in by_phone] == [seeded.gina_id]  # her number is hers alone
    assert [p.id for p in by_email] == [seeded.gina_id]
    assert [p.id for p in by_both] == [seeded.gina_id]


def test_blind_index_columns_are_populated(seeded):
    tenant = seeded.tenant.id
    checks = {
        "patients_person": "given_name_bidx IS NULL OR family_name_bidx IS NULL "
                           "OR birth_date_bidx IS NULL",
        "patients_contactpoint": "value_bidx IS NULL",
        "patients_identifier": "value_bidx IS NULL",
        "patients_condition": "code_bidx IS NULL OR category_bidx IS NULL",
    }
    with connection.cursor() as cursor:
        for table, missing in checks.items():
            cursor.execute(f"SELECT COUNT(*), SUM(CASE WHEN {missing} THEN 1 ELSE 0 END) "
                           f"FROM {table} WHERE tenant_id = %s", [tenant])
            total, empty = cursor.fetchone()
            assert total > 0 and not empty, table


def test_phi_is_not_stored_in_plaintext(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, birth_date, address FROM patients_person "
                       "WHERE tenant_id = %s", [seeded.tenant.id])
        rows = cursor.fetchall()
        cursor.execute("SELECT value FROM patients_contactpoint WHERE tenant_id = %s",
                       [seeded.tenant.id])
        contacts = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT payload FROM patients_timelineevent WHERE tenant_id = %s",
                       [seeded.tenant.id])
        payloads = [r[0] for r in cursor.fetchall()]
    assert len(rows) == 200
    for row in rows:
        for value in row:
            assert value is None or re.fullmatch(r"k\d+\$[A-Za-z0-9_=-]+", value), value
    # Substring checks on ciphertext would be flaky (base64 can spell "gina" or "555" by
    # chance); the ciphertext format leaves no room for a plaintext value instead.
    cipher = re.compile(r"k\d+\$[A-Za-z0-9_=-]+")
    assert contacts and all(cipher.fullmatch(c) for c in contacts)
    assert not [p for p in payloads if "/health/" in p]


def test_only_reserved_emails_and_phones(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM patients_person WHERE tenant_id = %s", [seeded.tenant.id])
        ids = [r[0] for r in cursor.fetchall()]
    actor = _actor(seeded)
    values = [cp for pid in ids for cp in access_person_by_id(actor, pid).contact_points]
    emails = [c.value for c in values if c.kind == "email"]
    phones = [c.value for c in values if c.kind == "phone"]
    assert len(emails) > 150 and len(phones) > 150
    assert all(EMAIL.match(e) for e in emails), [e for e in emails if not EMAIL.match(e)]
    assert all(PHONE.match(p) for p in phones), [p for p in phones if not PHONE.match(p)]
    assert len(set(emails)) == len(emails)
    assert phones.count(GINA_PHONE) == 1
    assert {c.time_zone for c in values if c.kind == "phone"} == {"America/Chicago"}


def test_counts_lists_and_consents_are_plausible(seeded):
    counts = person_counts(seeded.tenant.id)
    assert counts["persons"] == 200
    assert 170 <= counts["patients"] <= 200 and counts["prospects"] == 200 - counts["patients"]
    assert 5 * 200 <= counts["timeline_events"] <= 15 * 200
    assert counts["lists"] == 8 and counts["open_care_gaps"] > 100
    assert 400 <= seeded.counts["consents"] <= 1500
    coordinator = _actor(seeded)
    lists = {v.slug: v for v in list_static_lists(coordinator)}
    assert {s for s, v in lists.items() if v.is_clinical and v.source == "emr"} == CLINICAL
    assert not lists["newsletter-wellness"].is_clinical
    assert not lists["community-events"].is_clinical
    assert lists["diabetes-registry"].member_count > 0
    assert len(list_members(coordinator, "diabetes-registry")) == lists[
        "diabetes-registry"].member_count
    marketer = _actor(seeded, Role.MARKETER)
    assert {v.slug for v in list_static_lists(marketer)} == {"newsletter-wellness",
                                                            "community-events"}
    withdrawn = 0
    for pid in seeded.person_ids:
        history = consent_history(seeded.tenant.id, pid)
        current = {(c.channel, c.purpose): c.granted for c in consent_states(seeded.tenant.id, pid)}
        withdrawn += sum(1 for key, granted in current.items() if not granted and any(
            h.granted for h in history if (h.channel, h.purpose) == key))
    assert withdrawn > 0  # some people granted, then revoked


def test_staff_logins_and_token(seeded):
    staff = {s.username: s for s in list_staff(seeded.tenant.id)}
    assert set(staff) == {name for name, _ in STAFF}
    assert staff["emr-feed"].is_machine and staff["emr-feed"].role == "integration"
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="clinician").check_password(DEMO_PASSWORD)
    token = seeded.token_path.read_text().strip()
    assert token.startswith("clt_") and oct(seeded.token_path.stat().st_mode)[-3:] == "600"
    from careloop.identity.public import authenticate_token

    assert authenticate_token(token).username == "emr-feed"


def test_bulk_loads_are_audited_once_per_call(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT entity_type, action, agent_name, patient_ids FROM "
                       "compliance_auditevent WHERE tenant_id = %s AND entity_id = 'bulk'",
                       [seeded.tenant.id])
        rows = cursor.fetchall()
    assert sorted((r[0], r[1], r[2]) for r in rows) == [("Consent", "C", "emr-feed"),
                                                       ("Patient", "C", "emr-feed")]


def test_existing_data_is_refused_without_reset_and_wiped_with_it(tmp_path, seeded):
    with pytest.raises(SeedRefused, match="--reset"):
        _seed(tmp_path)
    again = _seed(tmp_path, n=50, reset=True)
    assert person_counts(again.tenant.id)["persons"] == 50
    assert again.tenant.id == seeded.tenant.id
    actor = _actor(again)
    assert [p.id for p in search_persons(actor, SearchQuery(name="Gina"))] == [again.gina_id]


def test_command_prints_a_summary(tmp_path, settings, capsys):
    settings.CARELOOP_VAR_DIR = tmp_path
    settings.VAR_DIR = tmp_path
    call_command(SeedCommand(), "--patients", "30", "--seed", "7")
    out = capsys.readouterr().out
    assert "persons" in out and "http://127.0.0.1:8000" in out and "emr-feed" in out
    assert (tmp_path / "demo-token.txt").exists()
    with pytest.raises(CommandError, match="--reset"):
        call_command(SeedCommand(), "--patients", "30")


# ----- the generator alone (no database): a larger population -----

def _directory():
    places = [SeededLocation(1, "uc-a", "urgent_care", "UC A", 41.94, -87.65),
              SeededLocation(2, "uc-b", "urgent_care", "UC B", 41.86, -87.66),
              SeededLocation(3, "pc", "primary_care", "PC", 41.88, -87.63),
              SeededLocation(4, "hosp", "hospital", "Hospital", 41.87, -87.67)]
    providers = [SeededProvider(10, ["family_medicine"], [3], True),
                 SeededProvider(11, ["pediatrics"], [3], True),
                 SeededProvider(12, ["emergency_medicine"], [1, 4], False),
                 SeededProvider(13, ["sports_medicine"], [1], False)]
    return DirectorySeed(places, providers)


def test_generator_population_mix():
    builder = PopulationBuilder(3000, 42, _directory(), NOW)
    records = list(builder.records())
    assert [r.given_name for r in records].count("Gina") == 1 and records[0].given_name == "Gina"
    # Search matches whole names (case and accents folded): "Regina" is fine, "GINA" is not.
    assert not [r for r in records[1:] if "gina" in {normalise(r.given_name),
                                                     normalise(r.family_name)}]
    languages = Counter(r.language for r in records)
    assert 0.65 < languages["en"] / 3000 < 0.75 and 0.14 < languages["es"] / 3000 < 0.22
    assert {"fr", "pl", "tr"} <= set(languages)
    ages = [(NOW.date() - r.birth_date).days // 365 for r in records]
    assert min(ages) == 0 and max(ages) >= 90 and 40 < sum(ages) / len(ages) < 50
    assert all(EMAIL.match(e) for r in records for e in r.emails)
    assert all(PHONE.match(p) for r in records for p in r.phones)
    assert all(5 <= len(r.timeline) <= 15 for r in records[1:])
    assert all(r.address["postal_code"].startswith("606") and r.address["state"] == "IL"
               for r in records)
    codes = Counter(code for r in records for code, _ in r.conditions)
    assert codes["I10"] > codes["E11.9"] > codes["I50.9"] > 0
    ids = [e[0] for r in records for e in r.timeline]
    assert len(ids) == len(set(ids))
    mrns = [v for r in records for s, v in r.identifiers if s == "urn:northlake:mrn:epic"]
    assert len(mrns) == len(set(mrns))
    portal = sum(1 for r in records if any(s.endswith(":portal") for s, _ in r.identifiers))
    assert 0.15 < portal / 3000 < 0.3
    again = list(PopulationBuilder(3000, 42, _directory(), NOW).records())
    assert [(r.given_name, r.family_name) for r in again] == [
        (r.given_name, r.family_name) for r in records]
    other = list(PopulationBuilder(50, 43, _directory(), NOW).records())
    assert [r.family_name for r in other[1:]] != [r.family_name for r in records[1:50]]
    assert timezone.is_aware(records[5].timeline[0][4])
