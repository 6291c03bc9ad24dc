"""A deterministic synthetic population for the demo health system (no database access here).

Everything is drawn from generators seeded by the seed alone, in a fixed order, so the same
(number of patients, seed, directory, day) always gives the same people, codes and event ids.
Names come from Faker in the person's language; contact data only uses reserved values
(e-mail at example.com/.org/.net, phones +1 312/773/630 555-0100…0199). Nobody but the persona
is called "Gina", so a search for "Gina" finds exactly her.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from faker import Faker

from careloop.kit.crypto import normalise
from careloop.locations.public import DirectorySeed, SeededProvider
from careloop.patients.public import (
    CareGapRecord,
    ListEntry,
    ListSpec,
    PersonRecord,
    PreferenceRecord,
)

_T = TypeVar("_T")
CHICAGO = ZoneInfo("America/Chicago")
HOME = (41.8781, -87.6298)  # used only if the directory has no locations
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
AREA_CODES = ("312", "773", "630")
PHONE_POOL = tuple(f"+1{area}555{n:04d}" for area in AREA_CODES for n in range(100, 200))

SYS_EPIC = "urn:northlake:mrn:epic"
SYS_CERNER = "urn:northlake:mrn:legacy-cerner"
SYS_CRM = "urn:northlake:crm"
SYS_PORTAL = "urn:northlake:portal"
SYS_WEB = "urn:northlake:web-visitor"

# The persona: her given name, number and address are hers alone in the generated population.
GINA_GIVEN, GINA_FAMILY = "Gina", "Larsen"
GINA_EMAIL = "gina.larsen@example.com"
GINA_PHONE = "+13125550142"
RESERVED_NAMES = frozenset({normalise(GINA_GIVEN)})

LANGUAGE_WEIGHTS = (("en", 70), ("es", 18), ("pl", 5), ("fr", 4), ("tr", 3))
LOCALES = {"en": ("en_US",), "es": ("es_MX", "es_MX", "es_MX", "es_ES"), "fr": ("fr_FR",),
           "pl": ("pl_PL",), "tr": ("tr_TR",)}
# Patients of a health system skew older than the census: (lowest age, highest age, weight).
AGE_BANDS = ((0, 4, 6), (5, 17, 12), (18, 29, 11), (30, 44, 17), (45, 64, 28), (65, 79, 19),
             (80, 95, 7))
AGE_CUM = tuple(itertools.accumulate(b[2] for b in AGE_BANDS))
LANGUAGES = tuple(lang for lang, _ in LANGUAGE_WEIGHTS)
LANGUAGE_CUM = tuple(itertools.accumulate(w for _, w in LANGUAGE_WEIGHTS))
SEXES, SEX_CUM = ("female", "male", "other", "unknown"), (51.0, 99.0, 99.6, 100.0)
NPS_CUM = tuple(itertools.accumulate((1, 1, 1, 1, 1, 2, 3, 5, 9, 12, 14)))
KNEE_OA = "knee-oa"  # drawn as right (M17.11) or left (M17.12)
# code -> ((highest age of band, female share, male share), ...): rough US prevalence by age.
PREVALENCE: tuple[tuple[str, tuple[tuple[int, float, float], ...]], ...] = (
    ("I10", ((17, 0.0, 0.0), (39, 0.06, 0.09), (59, 0.28, 0.34), (95, 0.55, 0.58))),
    ("E78.5", ((29, 0.0, 0.0), (39, 0.05, 0.07), (59, 0.22, 0.27), (95, 0.42, 0.45))),
    ("E11.9", ((17, 0.0, 0.0), (39, 0.03, 0.03), (59, 0.11, 0.13), (95, 0.20, 0.23))),
    ("J45.909", ((17, 0.08, 0.10), (95, 0.09, 0.06))),
    (KNEE_OA, ((39, 0.0, 0.0), (54, 0.05, 0.04), (64, 0.11, 0.08), (95, 0.20, 0.14))),
    ("M54.50", ((17, 0.01, 0.01), (95, 0.10, 0.09))),
    ("F32.A", ((11, 0.0, 0.0), (17, 0.07, 0.04), (95, 0.10, 0.06))),
    ("E66.9", ((5, 0.0, 0.0), (17, 0.08, 0.09), (95, 0.20, 0.18))),
    ("K21.9", ((17, 0.01, 0.01), (95, 0.12, 0.11))),
    ("G43.909", ((9, 0.0, 0.0), (17, 0.05, 0.03), (95, 0.15, 0.06))),
    ("E03.9", ((29, 0.005, 0.002), (95, 0.09, 0.02))),
    ("J30.9", ((4, 0.0, 0.0), (95, 0.08, 0.07))),
    ("F41.1", ((11, 0.0, 0.0), (95, 0.07, 0.04))),
    ("I48.91", ((59, 0.0, 0.0), (74, 0.03, 0.05), (95, 0.08, 0.11))),
    ("I50.9", ((54, 0.0, 0.0), (74, 0.02, 0.03), (95, 0.06, 0.08))),
    ("J44.9", ((44, 0.0, 0.0), (64, 0.04, 0.04), (95, 0.08, 0.09))),
    ("N18.30", ((49, 0.0, 0.0), (69, 0.04, 0.05), (95, 0.10, 0.11))),
    ("Z80.3", ((17, 0.0, 0.0), (95, 0.06, 0.02))),
)
NO_ONSET = frozenset({"Z80.3"})  # a family history has no onset date
TOPICS = ("running", "women's health", "heart health", "diabetes", "nutrition", "sleep",
          "mental health", "parenting", "healthy aging", "joint health", "cancer screening",
          "weight management", "allergies", "fitness")
TOPIC_FOR = {"E11.9": "diabetes", "I10": "heart health", "I50.9": "heart health",
             "I48.91": "heart health", "M17.11": "joint health", "M17.12": "joint health",
             "E66.9": "weight management", "F32.A": "mental health", "F41.1": "mental health",
             "J30.9": "allergies", "Z80.3": "cancer screening"}
PAGES = {
    "running": ("/health/running/training-plans", "/health/running/injury-prevention",
                "/health/running/couch-to-5k", "/services/sports-medicine"),
    "women's health": ("/health/womens-health/breast-cancer-risk",
                       "/health/womens-health/when-to-start-mammograms",
                       "/services/womens-health"),
    "heart health": ("/health/heart/blood-pressure", "/services/cardiology"),
    "diabetes": ("/health/diabetes/a1c-explained", "/classes/diabetes-education"),
    "joint health": ("/health/joints/knee-pain", "/services/orthopedics/joint-replacement"),
    "cancer screening": ("/health/screenings", "/services/imaging/mammography"),
    "parenting": ("/health/kids/vaccines", "/services/pediatrics"),
}
GENERIC_PAGES = ("/", "/find-a-doctor", "/locations", "/urgent-care", "/patients/billing",
                 "/patients/portal-help", "/health/flu-season", "/careers", "/about")
CAMPAIGNS = ("wellness-newsletter", "flu-shot-reminder", "annual-visit-reminder",
             "portal-invitation", "community-health-fair", "healthy-heart-month",
             "screening-reminder", "survey-invitation")
CALL_REASONS = ("scheduling", "billing", "prescription refill", "directions", "test results",
                "referral question", "insurance")
TEXT_VERSIONS = {"email": "email-terms-2024-03", "sms": "sms-tcpa-2024-01",
                 "voice": "voice-terms-2023-09", "portal": "portal-terms-2024-06"}
MARKETING_VERSIONS = {"email": "email-marketing-2025-02", "sms": "sms-marketing-2025-01"}

CLINICAL_LISTS = (
    ("sports-medicine", "Sports medicine", "Runners and athletes followed by sports medicine."),
    ("early-mammography", "Early mammography",
     "Women with a family history who start screening before 40."),
    ("joint-replacement", "Joint replacement", "Candidates for knee or hip replacement."),
    ("diabetes-registry", "Diabetes registry", "People living with type 2 diabetes."),
    ("post-discharge-followup", "Post-discharge follow-up",
     "Follow-up calls in the 30 days after a hospital stay."),
    ("heart-failure-program", "Heart failure program", "Heart failure disease management."),
)
SEED_LISTS: tuple[ListSpec, ...] = (
    *(ListSpec(slug, name, source="emr", is_clinical=True, description=text)
      for slug, name, text in CLINICAL_LISTS),
    ListSpec("newsletter-wellness", "Wellness newsletter", source="staff",
             description="Monthly wellness e-mail."),
    ListSpec("community-events", "Community events", source="staff",
             description="Health fairs, classes and screenings near you."),
)

# (channel, purpose, granted, recorded_at, recorded_by, method, text_version, source)
ConsentPlan = tuple[str, str, bool, dt.datetime, str, str, str, str]


@dataclass(frozen=True)
class Place:
    id: int
    slug: str
    kind: str
    lat: float
    lon: float


@dataclass
class Person:
    """Working state for one person while their record is drawn."""

    index: int
    age: int
    sex: str
    birth_date: dt.date
    kind: str
    language: str
    lat: float
    lon: float
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    pcp: tuple[SeededProvider, Place] | None = None
    portal: bool = False
    web: bool = False
    email_marketing: bool = False
    topics: list[str] = field(default_factory=list)
    lists: list[ListEntry] = field(default_factory=list)
    discharged_at: dt.datetime | None = None


def ascii_fold(text: str) -> str:
    table = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "ø": "o", "æ": "ae",
                           "œ": "oe", "đ": "d"})
    decomposed = unicodedata.normalize("NFKD", text.translate(table))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.lower() if c.isascii() and c.isalnum())


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Equirectangular distance: plenty for ranking places within one metro area.
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    y = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(x, y)


def _offset(origin: tuple[float, float], km: float, bearing: float) -> tuple[float, float]:
    lat = origin[0] + km * math.cos(bearing) / 111.0
    lon = origin[1] + km * math.sin(bearing) / (111.0 * math.cos(math.radians(origin[0])))
    return round(lat, 5), round(lon, 5)


class Directory:
    """Places and providers indexed for drawing visits."""

    def __init__(self, seed: DirectorySeed) -> None:
        self.places = [Place(loc.id, loc.slug, loc.kind, float(loc.latitude),
                             float(loc.longitude)) for loc in seed.locations]
        self.by_id = {p.id: p for p in self.places}
        self.providers = list(seed.providers)
        self.by_specialty: dict[str, list[SeededProvider]] = {}
        for prov in self.providers:
            for spec in prov.specialties:
                self.by_specialty.setdefault(spec, []).append(prov)
        # Primary-care practices and who practises primary care there.
        self.pcp_sites: dict[Place, list[SeededProvider]] = {}
        for prov in self.providers:
            if prov.is_primary_care:
                for loc_id in prov.location_ids:
                    place = self.by_id.get(loc_id)
                    if place is not None and place.kind == "primary_care":
                        self.pcp_sites.setdefault(place, []).append(prov)

    def of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places if p.kind == kind]

    def nearest(self, where: tuple[float, float], places: Sequence[Place]) -> Place | None:
        return min(places, key=lambda p: _km(where, (p.lat, p.lon)), default=None)

    def site(self, prov: SeededProvider, where: tuple[float, float],
             kind: str | None = None) -> Place | None:
        places = [self.by_id[i] for i in prov.location_ids if i in self.by_id]
        if kind:
            places = [p for p in places if p.kind == kind] or places
        return self.nearest(where, places)

    def gina_home(self) -> tuple[float, float]:
        """About a kilometre from the urgent care nearest the middle of all urgent cares."""
        cares = self.of_kind("urgent_care") or self.places
        if not cares:
            return HOME
        middle = (sum(p.lat for p in cares) / len(cares), sum(p.lon for p in cares) / len(cares))
        near = self.nearest(middle, cares)
        assert near is not None
        bearing = math.atan2(middle[1] - near.lon, middle[0] - near.lat)
        return _offset((near.lat, near.lon), 1.1, bearing)


class FastRandom(random.Random):
    """``random.Random`` with float-based integer draws: ~5x faster, still fully seeded."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[_T]) -> _T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def below(self, n: int) -> int:
        return int(self.random() * n)


class NameSource:
    """Faker's names for one locale.

    Weighted tables (en_US: name -> frequency) are sampled here with precomputed cumulative
    weights: the same names and weights as ``first_name_female()`` & co., without Faker
    re-summing a thousand weights on every call.
    """

    TABLES = ("first_names_female", "first_names_male", "last_names")

    def __init__(self, fake: Faker, rng: FastRandom, gendered_family: bool) -> None:
        self.fake, self.rng, self.gendered_family = fake, rng, gendered_family
        person = next((p for p in fake.providers if ".person" in type(p).__module__), None)
        self.tables: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {}
        for attr in self.TABLES:
            data = getattr(person, attr, None)
            if isinstance(data, dict) and data:
                self.tables[attr] = (tuple(data), tuple(itertools.accumulate(data.values())))

    def _draw(self, attr: str, fallback: Any) -> str:
        table = self.tables.get(attr)
        if table is None:
            return str(fallback())
        return str(self.rng.choices(table[0], cum_weights=table[1])[0])

    def given(self, female: bool) -> str:
        if female:
            return self._draw("first_names_female", self.fake.first_name_female)
        return self._draw("first_names_male", self.fake.first_name_male)

    def family(self, female: bool) -> str:
        if self.gendered_family:  # Polish: Kowalska / Kowalski
            return str(self.fake.last_name_female() if female else self.fake.last_name_male())
        return self._draw("last_names", self.fake.last_name)


def mrn(index: int) -> str:
    # Multiplying by a prime modulo the range keeps MRNs unique and not sequential.
    return f"E{(index * 7919 + 1_000_003) % 90_000_000 + 10_000_000}"


def _years_ago(today: dt.date, years: int, extra_days: int) -> dt.date:
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - dt.timedelta(days=extra_days)


class PopulationBuilder:
    """Draws ``count`` people; person 0 is always the persona Gina."""

    def __init__(self, count: int, seed: int, directory: DirectorySeed, now: dt.datetime) -> None:
        self.count, self.seed, self.now = count, seed, now
        self.today = now.astimezone(CHICAGO).date()
        self.dir = Directory(directory)
        # Reproducible synthetic data, not secrets: a seeded PRNG is the point.
        self.rng = FastRandom(f"careloop-demo:{seed}")
        # Local midnight (as UTC) of each of the last 800 days: drawing a time is then one add.
        self.midnights = [
            dt.datetime.combine(self.today - dt.timedelta(days=d), dt.time(), CHICAGO)
            .astimezone(dt.UTC) for d in range(800)]
        self.latest = now - dt.timedelta(minutes=5)
        self.names: dict[str, NameSource] = {}
        for n, locale in enumerate(sorted({loc for locs in LOCALES.values() for loc in locs})):
            fake = Faker(locale)
            fake.seed_instance(seed * 100 + n)
            self.names[locale] = NameSource(fake, self.rng, locale == "pl_PL")
        self.streets = [self.names["en_US"].fake.street_name() for _ in range(400)]
        self.phone_pool = [p for p in PHONE_POOL if p != GINA_PHONE]
        self.used_emails = {GINA_EMAIL}
        self.anchors = self.dir.places or [Place(0, "home", "none", *HOME)]
        self.consents: list[tuple[int, ConsentPlan]] = []
        self.stats: dict[str, int] = {}

    # ----- the whole population -----

    def records(self) -> Iterator[PersonRecord]:
        for i in range(self.count):
            yield self.gina() if i == 0 else self.person(i)

    def _count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n

    # ----- time -----

    def _when(self, days_ago_max: int, days_ago_min: int = 1, hours: tuple[int, int] = (0, 23)
              ) -> dt.datetime:
        rng = self.rng
        midnight = self.midnights[rng.randint(days_ago_min, days_ago_max)]
        at = midnight + dt.timedelta(hours=rng.randint(*hours), minutes=5 * rng.below(12))
        return at if at < self.latest else self.latest

    # ----- one person -----

    def _draw_age(self) -> int:
        low, high, _ = self.rng.choices(AGE_BANDS, cum_weights=AGE_CUM)[0]
        return self.rng.randint(low, high)

    def _draw_name(self, language: str, sex: str) -> tuple[str, str]:
        names = self.names[self.rng.choice(LOCALES[language])]
        female = sex == "female" or (sex not in ("female", "male") and self.rng.random() < 0.5)
        while True:
            given, family = names.given(female), names.family(female)
            # Reserved for the persona, in either position: "Gina" must find exactly one person.
            if normalise(given) not in RESERVED_NAMES and normalise(family) not in RESERVED_NAMES:
                return given, family

    def _email(self, given: str, family: str) -> str:
        g, f = ascii_fold(given) or "pat", ascii_fold(family) or "person"
        local = self.rng.choice((f"{g}.{f}", f"{g}{f}", f"{g[0]}{f}", f"{f}.{g}", f"{g}_{f}"))
        domain = self.rng.choice(EMAIL_DOMAINS)
        email = f"{local}@{domain}"
        while email in self.used_emails:
            email = f"{local}{self.rng.randint(1, 9999)}@{domain}"
        self.used_emails.add(email)
        return email

    def _address(self, p: Person) -> dict[str, Any]:
        line = f"{self.rng.randint(100, 9999)} {self.rng.choice(self.streets)}"
        if self.rng.random() < 0.3:
            line += f", Apt {self.rng.randint(1, 40)}{self.rng.choice('ABCD')}"
        return {"line": line, "city": "Chicago", "state": "IL",
                "postal_code": f"606{self.rng.randint(1, 61):02d}", "country": "US",
                "lat": p.lat, "lon": p.lon}

    def _identifiers(self, p: Person) -> list[tuple[str, str]]:
        i = p.index
        ids = [(SYS_CRM, f"CRM-{i + 1:07d}")]
        if p.kind == "patient":
            ids.insert(0, (SYS_EPIC, mrn(i)))
            if p.age >= 8 and self.rng.random() < 0.2 + p.age / 400:
                ids.append((SYS_CERNER, f"CRN-{(i * 104_729) % 9_000_000 + 1_000_000}"))
        if p.portal:
            ids.append((SYS_PORTAL, str(uuid.UUID(int=self.rng.getrandbits(128), version=4))))
        if p.web:
            ids.append((SYS_WEB, f"wv-{self.rng.getrandbits(64):016x}"))
        return ids

    def _conditions(self, p: Person) -> list[tuple[str, dt.date | None]]:
        if p.kind != "patient":
            return []
        found: list[tuple[str, dt.date | None]] = []
        female = p.sex == "female"
        for code, bands in PREVALENCE:
            share = next((f if female else m for top, f, m in bands if p.age <= top), 0.0)
            if share and self.rng.random() < share:
                if code == KNEE_OA:
                    code = self.rng.choice(("M17.11", "M17.12"))
                onset = None
                if code not in NO_ONSET:
                    earliest = max(p.birth_date + dt.timedelta(days=365),
                                   self.today - dt.timedelta(days=15 * 365))
                    span = max(1, (self.today - dt.timedelta(days=60) - earliest).days)
                    onset = earliest + dt.timedelta(days=self.rng.below(span))
                found.append((code, onset))
        p.codes = [c for c, _ in found]
        return found

    def _care_gaps(self, p: Person) -> list[CareGapRecord]:
        if p.kind != "patient":
            return []
        gaps: list[CareGapRecord] = []

        def gap(kind: str, open_share: float, every_days: int) -> None:
            if self.rng.random() < open_share:
                due = self.today + dt.timedelta(days=self.rng.randint(-180, 240))
                gaps.append(CareGapRecord(kind, due))
            else:
                done = self._when(min(every_days - 1, 700), 7, (8, 17))
                due = done.astimezone(CHICAGO).date() + dt.timedelta(days=every_days)
                gaps.append(CareGapRecord(kind, due, "closed", done))

        if p.sex == "female" and 40 <= p.age <= 74:
            gap("mammography_screening", 0.35, 365)
        if 45 <= p.age <= 75:
            gap("colorectal_screening", 0.4, 3650)
        gap("annual_wellness", 0.45 if p.pcp else 0.9, 365)
        if "E11.9" in p.codes:
            gap("a1c_test", 0.45, 180)
        if p.age >= 1:
            gap("flu_vaccine", 0.55, 365)
        return gaps

    def _pick_pcp(self, p: Person) -> None:
        if p.kind != "patient" or self.rng.random() > (0.8 if p.age < 18 or p.age >= 65 else 0.65):
            return
        if not self.dir.pcp_sites:
            return
        wanted = "pediatrics" if p.age < 18 else self.rng.choice(("family_medicine",
                                                                 "internal_medicine"))
        home = (p.lat, p.lon)
        sites = sorted(self.dir.pcp_sites, key=lambda s: _km(home, (s.lat, s.lon)))
        site = sites[0] if len(sites) == 1 or self.rng.random() < 0.75 else sites[1]
        staff = self.dir.pcp_sites[site]
        pool = [d for d in staff if wanted in d.specialties] or staff
        p.pcp = (self.rng.choice(pool), site)

    def _lists(self, p: Person) -> None:
        def join(slug: str, share: float, leave_share: float = 0.0, *,
                 by: str = "emr-feed") -> None:
            if self.rng.random() >= share:
                return
            added = self._when(700, 30, (8, 17))
            removed = None
            if self.rng.random() < leave_share:
                removed = min(added + dt.timedelta(days=self.rng.randint(14, 300)),
                              self.now - dt.timedelta(days=1))
            p.lists.append(ListEntry(slug, added, removed, by, by if removed else ""))

        codes = set(p.codes)
        knee = bool(codes & {"M17.11", "M17.12"})
        if p.kind == "patient":
            if "E11.9" in codes:
                join("diabetes-registry", 0.95, 0.03)
            if "I50.9" in codes:
                join("heart-failure-program", 0.8, 0.2)
            if knee and p.age >= 50:
                join("joint-replacement", 0.45, 0.25)
            if (knee and p.age < 65) or ("running" in p.topics and 14 <= p.age <= 60):
                join("sports-medicine", 0.5, 0.1)
            if p.sex == "female" and 30 <= p.age < 40 and "Z80.3" in codes:
                join("early-mammography", 0.7)
            if p.age >= 40 and self.rng.random() < 0.05:
                join("post-discharge-followup", 1.0, 0.85)
                p.discharged_at = p.lists[-1].added_at
        if p.email_marketing:
            join("newsletter-wellness", 0.6, 0.1, by="marketer")
        if p.age >= 18:
            join("community-events", 0.08, 0.2, by="marketer")

    def _preference(self, p: Person) -> PreferenceRecord | None:
        if self.rng.random() > 0.7:
            return None
        channels = (["email"] * 3 if p.emails else []) + (["sms"] * 3 if p.phones else [])
        channels += ["voice"] if p.phones else []
        channels += ["portal"] if p.portal else []
        quiet = self.rng.random() < 0.3
        return PreferenceRecord(self.rng.choice(channels) if channels else "",
                                dt.time(21) if quiet else None, dt.time(8) if quiet else None,
                                tuple(p.topics))

    def _topics(self, p: Person) -> None:
        topics = {TOPIC_FOR[c] for c in p.codes if c in TOPIC_FOR and self.rng.random() < 0.6}
        if 14 <= p.age <= 60 and self.rng.random() < 0.12:
            topics.add("running")
        if p.sex == "female" and p.age >= 18 and self.rng.random() < 0.3:
            topics.add("women's health")
        if 25 <= p.age <= 45 and self.rng.random() < 0.2:
            topics.add("parenting")
        for _ in range(self.rng.randint(0, 2)):
            topics.add(self.rng.choice(TOPICS))
        p.topics = sorted(topics)

    def _consents(self, p: Person) -> None:
        def add(channel: str, purpose: str, granted: bool, when: dt.datetime, by: str,
                method: str, source: str) -> None:
            version = (MARKETING_VERSIONS.get(channel, TEXT_VERSIONS[channel])
                       if purpose == "marketing" else TEXT_VERSIONS[channel])
            self.consents.append((p.index, (channel, purpose, granted, when, by, method,
                                            version, source)))

        registered = self._when(729, 400, (8, 17))
        at_desk = self.rng.choice((("emr-feed", "emr", "epic"), ("agent", "paper", "front-desk"),
                                   ("patient", "web_form", "website")))
        if p.emails:
            for purpose, share in (("treatment", 0.9), ("operations", 0.85)):
                if self.rng.random() < share:
                    add("email", purpose, True, registered, *at_desk)
            roll = self.rng.random()
            if roll < 0.42:
                granted_at = self._when(700, 200, (7, 22))
                add("email", "marketing", True, granted_at, "patient", "web_form", "website")
                if self.rng.random() < 0.15:  # withdrawn later through the e-mail footer
                    add("email", "marketing", False, self._when(199, 2), "patient",
                        "unsubscribe_link", "email")
                else:
                    p.email_marketing = True
            elif roll < 0.5:
                add("email", "marketing", False, registered, *at_desk)
        if p.phones:
            if self.rng.random() < 0.65:
                add("sms", "treatment", True, registered, *at_desk)
            if self.rng.random() < 0.45:
                add("sms", "operations", True, registered, *at_desk)
            if self.rng.random() < 0.12:
                add("sms", "marketing", True, self._when(700, 200), "patient", "sms_keyword",
                    "sms")
                if self.rng.random() < 0.2:  # replied STOP
                    add("sms", "marketing", False, self._when(199, 2), "patient", "sms_keyword",
                        "sms")
            if self.rng.random() < 0.4:
                add("voice", "treatment", True, registered, "agent", "verbal", "call-centre")
        if p.portal:
            add("portal", "treatment", True, self._when(700, 30), "patient", "web_form", "portal")

    # ----- the timeline -----

    def _visits(self, p: Person) -> list[tuple[str, Place, SeededProvider | None, str]]:
        """(visit type, place, provider, specialty) for this person's last two years."""
        if p.kind != "patient":
            return []
        home = (p.lat, p.lon)
        visits: list[tuple[str, Place, SeededProvider | None, str]] = []
        if p.pcp:
            prov, site = p.pcp
            n = self.rng.randint(1, 2) + (1 if {"I10", "E11.9"} & set(p.codes) else 0)
            spec = "pediatrics" if "pediatrics" in prov.specialties else prov.specialties[0]
            visits += [("primary_care", site, prov, spec)] * n

        def specialist(spec: str, kind: str | None = None) -> None:
            pool = self.dir.by_specialty.get(spec, [])
            if pool:
                prov = self.rng.choice(pool)
                site = self.dir.site(prov, home, kind)
                if site is not None:
                    visits.append(("specialty", site, prov, spec))

        codes = set(p.codes)
        if codes & {"M17.11", "M17.12"} and self.rng.random() < 0.6:
            specialist(self.rng.choice(("sports_medicine", "orthopedic_surgery")))
        if codes & {"I50.9", "I48.91"} and self.rng.random() < 0.7:
            specialist("cardiology")
        if p.sex == "female" and 18 <= p.age <= 60 and self.rng.random() < 0.15:
            specialist("obstetrics_gynecology")
        if p.sex == "female" and p.age >= 40 and self.rng.random() < 0.4:
            specialist("radiology", "imaging")
        if "running" in p.topics and self.rng.random() < 0.2:
            specialist("sports_medicine", "sports_medicine")
        if self.rng.random() < 0.15:
            care = self.dir.nearest(home, self.dir.of_kind("urgent_care"))
            if care is not None:
                staff = [d for d in self.dir.providers if care.id in d.location_ids]
                visits.append(("urgent_care", care, self.rng.choice(staff) if staff else None,
                               "family_medicine"))
        hospitals = self.dir.of_kind("hospital")
        if hospitals and self.rng.random() < 0.04:
            visits.append(("emergency", hospitals[0], None, "emergency_medicine"))
        return visits

    def _visit_events(self, p: Person, n: int, visit: tuple[str, Place, SeededProvider | None,
                                                             str]) -> list[tuple[Any, ...]]:
        kind, site, prov, spec = visit
        hours = (0, 23) if kind == "emergency" else (8, 19) if kind == "urgent_care" else (8, 16)
        at = self._when(725, 2, hours)
        base = {"appointment_id": f"seed-{self.seed}-{p.index}-a{n}", "location_id": site.id,
                "location": site.slug, "provider_id": prov.id if prov else None,
                "visit_type": kind, "specialty": spec}
        events: list[tuple[Any, ...]] = []
        walk_in = kind == "emergency" or (kind == "urgent_care" and self.rng.random() < 0.4)
        if not walk_in:
            booked = at - dt.timedelta(days=self.rng.randint(1, 30), hours=self.rng.randint(0, 9))
            channel = self.rng.choice(("online", "online", "phone", "portal" if p.portal else
                                       "phone"))
            events.append(("appointment.booked", "access", "scheduling", booked,
                           {**base, "starts_at": at.isoformat(), "channel": channel}))
            if self.rng.random() < 0.04:
                events.append(("appointment.no_show", "access", "scheduling",
                               at + dt.timedelta(minutes=20), base))
                return events
        done = at + dt.timedelta(minutes=self.rng.choice((20, 30, 45, 60)))
        events.append(("appointment.completed", "access", "scheduling", done, base))
        encounter_class = "emergency" if kind == "emergency" else "ambulatory"
        events.append(("encounter.completed", "clinical", "emr", done,
                       {**base, "class": encounter_class}))
        if self.rng.random() < 0.3:
            events.append(("survey.responded", "engagement", "surveys",
                           done + dt.timedelta(days=self.rng.randint(1, 3)),
                           {"survey": "post-visit", "appointment_id": base["appointment_id"],
                            "nps": self.rng.choices(range(11), cum_weights=NPS_CUM)[0]}))
        return events

    def _filler(self, p: Person, what: str, n: int) -> tuple[Any, ...]:
        if what == "web":
            topic = self.rng.choice(p.topics) if p.topics and self.rng.random() < 0.6 else ""
            path = self.rng.choice(PAGES.get(topic, GENERIC_PAGES))
            return ("web.page_viewed", "web", "website", self._when(729),
                    {"path": path, "referrer": self.rng.choice(("search", "direct", "email",
                                                                "social"))})
        if what == "email":
            return ("email.opened", "messaging", "email", self._when(729, 1, (6, 22)),
                    {"campaign": self.rng.choice(CAMPAIGNS),
                     "message_id": f"seed-{self.seed}-{p.index}-m{n}"})
        if what == "portal":
            return ("portal.login", "engagement", "portal", self._when(729),
                    {"device": self.rng.choice(("web", "ios", "android"))})
        return ("call.completed", "service", "call-centre", self._when(729, 1, (8, 18)),
                {"direction": self.rng.choice(("inbound", "inbound", "outbound")),
                 "reason": self.rng.choice(CALL_REASONS),
                 "duration_s": self.rng.randint(45, 900), "agent": "agent"})

    def _timeline(self, p: Person) -> list[tuple[str, str, str, str, dt.datetime, dict[str, Any]]]:
        target = self.rng.randint(5, 15)
        events: list[tuple[Any, ...]] = []
        if p.discharged_at:
            hospitals = self.dir.of_kind("hospital")
            events.append(("encounter.completed", "clinical", "emr", p.discharged_at,
                           {"class": "inpatient", "visit_type": "inpatient",
                            "location_id": hospitals[0].id if hospitals else None}))
        room = target - 1 - (p.pcp is not None)
        for n, visit in enumerate(self._visits(p)):
            more = self._visit_events(p, n, visit)
            if len(events) + len(more) > room:
                break
            events += more
        if p.pcp:
            # The relationship predates the first primary-care visit we show.
            first = min((e[3] for e in events if e[4].get("visit_type") == "primary_care"),
                        default=self.now - dt.timedelta(days=300))
            assigned = max(first - dt.timedelta(days=self.rng.randint(7, 400)),
                           self.midnights[729])
            events.append(("care_team.pcp_assigned", "clinical", "emr", assigned,
                           {"provider_id": p.pcp[0].id, "location_id": p.pcp[1].id}))
        fillers = ["call"] + ["web"] * 4 * p.web + ["email"] * 4 * bool(p.emails)
        fillers += ["portal"] * 3 * p.portal
        n = 0
        while len(events) < target:
            events.append(self._filler(p, self.rng.choice(fillers), n))
            n += 1
        events.sort(key=lambda e: e[3])
        self._count("timeline_events", len(events))
        return [(f"seed-{self.seed}-{p.index}-{k}", *e) for k, e in enumerate(events)]

    # ----- assembling -----

    def person(self, i: int) -> PersonRecord:
        rng = self.rng
        age = self._draw_age()
        sex = rng.choices(SEXES, cum_weights=SEX_CUM)[0]
        language = rng.choices(LANGUAGES, cum_weights=LANGUAGE_CUM)[0]
        given, family = self._draw_name(language, sex)
        birth = _years_ago(self.today, age, rng.randint(1, 364))
        kind = "prospect" if age >= 18 and rng.random() < 0.05 else "patient"
        anchor = rng.choice(self.anchors)
        lat, lon = _offset((anchor.lat, anchor.lon), 25 * math.sqrt(rng.random()),
                           rng.uniform(0, 2 * math.pi))
        p = Person(i, age, sex, birth, kind, language, lat, lon)
        if age >= 13 or rng.random() < 0.5:  # young children: a parent's address
            p.emails = [self._email(given, family)] if rng.random() < 0.88 else []
            if p.emails and rng.random() < 0.12:
                p.emails.append(self._email(given, family))
        if rng.random() < 0.88:
            p.phones = [rng.choice(self.phone_pool)]
            if rng.random() < 0.15:
                p.phones.append(rng.choice(self.phone_pool))
        p.portal = kind == "patient" and age >= 13 and rng.random() < 0.25
        p.web = rng.random() < 0.4
        conditions = self._conditions(p)
        self._pick_pcp(p)
        self._topics(p)
        self._consents(p)
        self._lists(p)
        self._count(kind)
        self._count("with_pcp", p.pcp is not None)
        return PersonRecord(
            given_name=given, family_name=family, kind=kind, birth_date=birth, sex=sex,
            language=language, address=self._address(p), time_zone="America/Chicago",
            emails=tuple(p.emails), phones=tuple(p.phones), identifiers=tuple(self._identifiers(p)),
            conditions=tuple(conditions), care_gaps=tuple(self._care_gaps(p)),
            preference=self._preference(p), timeline=tuple(self._timeline(p)),
            lists=tuple(p.lists),
        )

    def gina(self) -> PersonRecord:
        """The persona of the product brief (docs: /work/shared/product/brief.md)."""
        lat, lon = self.dir.gina_home()
        # 34 today; her 35th birthday (and the early-mammography age) is four months away.
        birthday_35 = self.today + dt.timedelta(days=120)
        birth = _years_ago(birthday_35, 35, 0)
        signed_up = self._when(600, 500, (19, 21))
        for purpose in ("treatment", "operations", "marketing"):
            self.consents.append((0, ("email", purpose, True, signed_up, "patient", "web_form",
                                      MARKETING_VERSIONS["email"] if purpose == "marketing"
                                      else TEXT_VERSIONS["email"], "website")))
        self.consents.append((0, ("sms", "treatment", True, signed_up, "patient", "web_form",
                                  TEXT_VERSIONS["sms"], "website")))
        pages = ("/health/running/training-plans", "/health/running/injury-prevention",
                 "/health/womens-health/breast-cancer-risk",
                 "/health/womens-health/when-to-start-mammograms", "/health/running/couch-to-5k")
        events: list[tuple[Any, ...]] = [
            ("web.page_viewed", "web", "website", self._when(400, 3, (6, 22)),
             {"path": path, "referrer": "search"}) for path in pages]
        events += [("email.opened", "messaging", "email", self._when(300, 5, (7, 21)),
                    {"campaign": "wellness-newsletter",
                     "message_id": f"seed-{self.seed}-0-m{n}"}) for n in range(2)]
        events.sort(key=lambda e: e[3])
        self._count("patient")
        self._count("timeline_events", len(events))
        return PersonRecord(
            given_name=GINA_GIVEN, family_name=GINA_FAMILY, kind="patient", birth_date=birth,
            sex="female", language="en", time_zone="America/Chicago",
            address={"line": "3240 N Larkspur Ave, Apt 2F", "city": "Chicago", "state": "IL",
                     "postal_code": "60657", "country": "US", "lat": lat, "lon": lon},
            emails=(GINA_EMAIL,), phones=(GINA_PHONE,),
            identifiers=((SYS_EPIC, mrn(0)), (SYS_CRM, "CRM-0000001"),
                         (SYS_WEB, f"wv-{self.rng.getrandbits(64):016x}")),
            conditions=(("Z80.3", None),),
            care_gaps=(CareGapRecord("annual_wellness", self.today + dt.timedelta(days=14)),
                       CareGapRecord("flu_vaccine", self.today + dt.timedelta(days=45))),
            preference=PreferenceRecord("email", dt.time(21), dt.time(8),
                                        ("running", "women's health")),
            timeline=tuple((f"seed-{self.seed}-0-{k}", *e) for k, e in enumerate(events)),
            lists=(),
        )
