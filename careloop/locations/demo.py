"""A synthetic Chicago-area care directory for demos and tests, deterministic from a seed.

Street names are invented and phone numbers are in the reserved 555-01XX range. Everything is
written with ``bulk_create`` so a full directory takes a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from careloop.locations import catalog
from careloop.locations.catalog import LANGUAGES
from careloop.locations.models import (
    HolidayException,
    Location,
    LocationHours,
    LocationStatus,
    Provider,
    ServiceLine,
)

TIME_ZONE = "America/Chicago"
PRIMARY_CARE = frozenset({"family_medicine", "internal_medicine", "pediatrics"})


@dataclass(frozen=True)
class SeededLocation:
    id: int
    slug: str
    kind: str
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class SeededProvider:
    id: int
    specialties: list[str]
    location_ids: list[int]
    is_primary_care: bool


@dataclass(frozen=True)
class DirectorySeed:
    locations: list[SeededLocation]
    providers: list[SeededProvider]


@dataclass(frozen=True)
class _Place:
    slug: str
    name: str
    kind: str
    line: str
    city: str
    postal_code: str
    lat: float
    lon: float
    phone: str
    services: tuple[str, ...]


H = "hospital"
UC = "urgent_care"
PC = "primary_care"

PLACES = (
    _Place("prairie-lake-medical-center", "Prairie Lake Medical Center", H,
           "1200 W Harbor Light Ave", "Chicago", "60607", 41.8708, -87.6696, "+13125550101",
           ("emergency", "imaging", "laboratory", "cardiology", "orthopedics", "womens_health",
            "pediatrics", "dermatology", "covid_testing")),
    _Place("lakeview-urgent-care", "Lakeview Urgent Care", UC, "3150 N Willowmere St",
           "Chicago", "60657", 41.9397, -87.6536, "+17735550102",
           ("urgent_care", "laboratory", "covid_testing")),
    _Place("pilsen-urgent-care", "Pilsen Urgent Care", UC, "1820 S Copperleaf Ave", "Chicago",
           "60608", 41.8569, -87.6600, "+13125550103",
           ("urgent_care", "imaging", "laboratory", "covid_testing")),
    _Place("evanston-urgent-care", "Evanston Urgent Care", UC, "1615 Maple Crest Rd",
           "Evanston", "60201", 42.0451, -87.6877, "+18475550104",
           ("urgent_care", "laboratory", "covid_testing")),
    _Place("loop-primary-care", "Loop Primary Care", PC, "55 E Quillan St", "Chicago", "60603",
           41.8810, -87.6262, "+13125550105",
           ("primary_care", "laboratory", "dermatology", "womens_health")),
    _Place("logan-square-primary-care", "Logan Square Primary Care", PC, "2640 N Ashgrove Ave",
           "Chicago", "60647", 41.9294, -87.7073, "+17735550106",
           ("primary_care", "laboratory", "pediatrics", "womens_health")),
    _Place("hyde-park-primary-care", "Hyde Park Primary Care", PC, "5310 S Birchwater Ave",
           "Chicago", "60615", 41.7995, -87.5930, "+17735550107",
           ("primary_care", "laboratory", "pediatrics", "womens_health")),
    _Place("oak-park-primary-care", "Oak Park Primary Care", PC, "840 Lindenhall Ave",
           "Oak Park", "60302", 41.8850, -87.7845, "+17085550108",
           ("primary_care", "laboratory", "pediatrics")),
    _Place("west-loop-imaging", "West Loop Imaging Center", "imaging", "930 W Brightwater St",
           "Chicago", "60607", 41.8826, -87.6502, "+13125550109", ("imaging",)),
    _Place("lincoln-park-sports-medicine", "Lincoln Park Sports Medicine", "sports_medicine",
           "2250 N Fernbrook Ave", "Chicago", "60614", 41.9230, -87.6470, "+17735550110",
           ("sports_medicine", "orthopedics", "imaging")),
    _Place("river-north-physical-therapy", "River North Physical Therapy", "physical_therapy",
           "415 N Kestrel Ct", "Chicago", "60654", 41.8902, -87.6340, "+13125550111",
           ("physical_therapy", "sports_medicine")),
    _Place("skokie-physical-therapy", "Skokie Physical Therapy", "physical_therapy",
           "4800 Oakhaven Rd", "Skokie", "60077", 42.0334, -87.7334, "+18475550112",
           ("physical_therapy",)),
)

T = dt.time
WEEKDAYS = range(5)


def _weekly(slug: str, kind: str) -> list[tuple[int, dt.time, dt.time]]:
    if kind == UC:
        return [(d, T(8), T(20)) for d in range(7)]
    if slug == "loop-primary-care":  # closes for lunch
        return [(d, o, c) for d in WEEKDAYS for o, c in ((T(8), T(12)), (T(13), T(17)))]
    if slug == "oak-park-primary-care":
        return [(d, T(8), T(17)) for d in WEEKDAYS] + [(5, T(9), T(13))]
    if kind == PC:
        return [(d, T(8), T(17)) for d in WEEKDAYS]
    if kind == "imaging":
        return [(d, T(7), T(19)) for d in WEEKDAYS] + [(5, T(8), T(14))]
    if kind == "sports_medicine":
        return [(d, T(7), T(18)) for d in WEEKDAYS] + [(5, T(8), T(12))]
    if slug == "skokie-physical-therapy":
        return [(d, T(7), T(19)) for d in range(4)] + [(4, T(7), T(15))]
    if kind == "physical_therapy":
        return [(d, T(7), T(19)) for d in WEEKDAYS]
    return []  # the hospital is open around the clock


def _thanksgiving(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _holidays(year: int) -> list[tuple[dt.date, str]]:
    return [(dt.date(year, 1, 1), "New Year's Day"), (_thanksgiving(year), "Thanksgiving Day"),
            (dt.date(year, 12, 24), "Christmas Eve"), (dt.date(year, 12, 25), "Christmas Day")]


def _exceptions(loc: Location, weekly: list[tuple[int, dt.time, dt.time]],
                years: list[int]) -> list[HolidayException]:
    if loc.open_24_hours:
        return []
    open_days = {d for d, _, _ in weekly}
    rows = []
    for year in years:
        for day, name in _holidays(year):
            closed, opens, closes, note = True, None, None, f"{name}: closed"
            if loc.kind == UC:
                closed, opens, closes = False, T(10), T(16)
                note = f"{name}: reduced hours"
            elif name == "Christmas Eve":
                if day.weekday() not in open_days:
                    continue  # a reduced day only makes sense on a normal opening day
                closed, opens, closes, note = False, T(8), T(12), f"{name}: closes at noon"
            rows.append(HolidayException(tenant_id=loc.tenant_id, location=loc, date=day,
                                         closed=closed, opens=opens, closes=closes, note=note))
    return rows


TESTING_ONLY = {
    "en": "Until further notice this clinic offers COVID-19 and flu testing only. For other care, "
          "please visit another urgent care location.",
    "es": "Hasta nuevo aviso, esta clínica solo ofrece pruebas de COVID-19 y gripe. Para otro "
          "tipo de atención, acuda a otro de nuestros centros de atención urgente.",
    "fr": "Jusqu'à nouvel ordre, cette clinique propose uniquement des tests de COVID-19 et de "
          "grippe. Pour tout autre soin, rendez-vous dans un autre de nos centres de soins "
          "urgents.",
    "pl": "Do odwołania ta placówka wykonuje wyłącznie testy na COVID-19 i grypę. W innych "
          "sprawach prosimy o wizytę w innej naszej placówce pomocy doraźnej.",
    "tr": "Aksi bildirilene kadar bu klinikte yalnızca COVID-19 ve grip testi yapılmaktadır. "
          "Diğer hizmetler için lütfen başka bir acil bakım merkezimize başvurun.",
}

# ----- providers -----

# Where providers practise: (home location, specialty, how many).
STAFFING: tuple[tuple[str, str, int], ...] = (
    ("prairie-lake-medical-center", "emergency_medicine", 10),
    ("prairie-lake-medical-center", "cardiology", 6),
    ("prairie-lake-medical-center", "orthopedic_surgery", 4),
    ("prairie-lake-medical-center", "obstetrics_gynecology", 6),
    ("prairie-lake-medical-center", "radiology", 4),
    ("prairie-lake-medical-center", "internal_medicine", 6),  # hospitalists
    ("prairie-lake-medical-center", "pediatrics", 3),
    ("prairie-lake-medical-center", "dermatology", 2),
    *((uc, spec, n) for uc in ("lakeview-urgent-care", "pilsen-urgent-care",
                               "evanston-urgent-care")
      for spec, n in (("emergency_medicine", 2), ("family_medicine", 4))),
    ("loop-primary-care", "family_medicine", 4),
    ("loop-primary-care", "internal_medicine", 3),
    ("loop-primary-care", "dermatology", 1),
    ("loop-primary-care", "obstetrics_gynecology", 1),
    ("logan-square-primary-care", "family_medicine", 4),
    ("logan-square-primary-care", "internal_medicine", 2),
    ("logan-square-primary-care", "pediatrics", 2),
    ("logan-square-primary-care", "obstetrics_gynecology", 1),
    ("hyde-park-primary-care", "family_medicine", 3),
    ("hyde-park-primary-care", "internal_medicine", 3),
    ("hyde-park-primary-care", "pediatrics", 2),
    ("hyde-park-primary-care", "obstetrics_gynecology", 1),
    ("oak-park-primary-care", "family_medicine", 4),
    ("oak-park-primary-care", "internal_medicine", 2),
    ("oak-park-primary-care", "pediatrics", 3),
    ("west-loop-imaging", "radiology", 5),
    ("lincoln-park-sports-medicine", "sports_medicine", 5),
    ("lincoln-park-sports-medicine", "orthopedic_surgery", 3),
    ("river-north-physical-therapy", "physical_therapy", 6),
    ("skokie-physical-therapy", "physical_therapy", 6),
)

CREDENTIAL_WEIGHTS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "family_medicine": (("MD", "DO", "NP", "PA"), (55, 20, 15, 10)),
    "internal_medicine": (("MD", "DO", "NP"), (70, 20, 10)),
    "pediatrics": (("MD", "DO", "NP"), (75, 10, 15)),
    "obstetrics_gynecology": (("MD", "DO", "CNM"), (70, 15, 15)),
    "dermatology": (("MD", "DO", "PA"), (75, 15, 10)),
    "sports_medicine": (("MD", "DO"), (60, 40)),
    "physical_therapy": (("DPT", "PT"), (80, 20)),
}
PHYSICIAN = (("MD", "DO"), (85, 15))
URGENT_CARE_CREDENTIALS = (("MD", "DO", "NP", "PA"), (45, 15, 25, 15))

# Chicago speaks many languages; English is universal, these are the extra ones and how often.
EXTRA_LANGUAGES = (("es", 0.22), ("pl", 0.08), ("fr", 0.05), ("tr", 0.04))
LOCALES = {"en": "en_US", "es": "es_ES", "fr": "fr_FR", "pl": "pl_PL", "tr": "tr_TR"}
NOT_BOOKABLE = frozenset({"emergency_medicine", "radiology"})  # no panel of their own

BIO = {
    "en": "{name}, {cred}. Specialties: {specialties}. Sees patients at: {places}. "
          "Languages: {languages}.",
    "es": "{name}, {cred}. Especialidades: {specialties}. Atiende a pacientes en: {places}. "
          "Idiomas: {languages}.",
    "fr": "{name}, {cred}. Spécialités : {specialties}. Reçoit les patients à : {places}. "
          "Langues : {languages}.",
    "pl": "{name}, {cred}. Specjalizacje: {specialties}. Przyjmuje pacjentów w: {places}. "
          "Języki: {languages}.",
    "tr": "{name}, {cred}. Uzmanlık alanları: {specialties}. Hasta kabul ettiği yerler: "
          "{places}. Konuştuğu diller: {languages}.",
}
ACCEPTING = {"en": "Accepting new patients.", "es": "Acepta pacientes nuevos.",
             "fr": "Accepte de nouveaux patients.", "pl": "Przyjmuje nowych pacjentów.",
             "tr": "Yeni hasta kabul ediyor."}
VIDEO = {"en": "Offers video visits.", "es": "Ofrece consultas por video.",
         "fr": "Propose des téléconsultations.", "pl": "Oferuje wizyty wideo.",
         "tr": "Görüntülü muayene imkânı sunuyor."}


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def synthetic_npi(rng: random.Random) -> str:
    """An NPI-shaped number (prefix 80840 for the check digit, like CMS) starting with 9."""
    body = "9" + "".join(str(rng.randrange(10)) for _ in range(8))
    return body + _luhn_digit("80840" + body)


def _pick(rng: random.Random, table: tuple[tuple[str, ...], tuple[int, ...]]) -> str:
    return rng.choices(table[0], weights=table[1])[0]


def _credentials(rng: random.Random, home_kind: str, specialty: str) -> str:
    if home_kind == UC:
        return _pick(rng, URGENT_CARE_CREDENTIALS)
    return _pick(rng, CREDENTIAL_WEIGHTS.get(specialty, PHYSICIAN))


def _extra_places(rng: random.Random, home: str, specialty: str,
                  kinds: dict[str, str]) -> list[str]:
    """Sensible second sites: surgeons operate at the hospital, PCPs cover a sister clinic..."""
    primary = [s for s, k in kinds.items() if k == PC and s != home]
    hospital = "prairie-lake-medical-center"
    extra: list[str] = []
    if specialty == "cardiology" and rng.random() < 0.5:
        extra.append(rng.choice(primary))
    elif specialty == "orthopedic_surgery":
        extra.append("lincoln-park-sports-medicine" if home == hospital else hospital)
    elif specialty == "radiology" and rng.random() < 0.4:
        extra.append("west-loop-imaging" if home == hospital else hospital)
    elif specialty == "obstetrics_gynecology" and kinds[home] == PC:
        extra.append(hospital)  # deliveries
    elif specialty == "pediatrics" and home == hospital and rng.random() < 0.3:
        extra.append(rng.choice(primary))
    elif specialty == "family_medicine" and kinds[home] == UC and rng.random() < 0.25:
        extra.append(rng.choice(primary))
    elif kinds[home] == PC and rng.random() < 0.15:
        extra.append(rng.choice(primary))
    elif specialty == "sports_medicine" and rng.random() < 0.3:
        extra.append(rng.choice(["river-north-physical-therapy", "skokie-physical-therapy"]))
    elif specialty == "physical_therapy" and rng.random() < 0.3:
        other = [s for s, k in kinds.items() if k == "physical_therapy" and s != home]
        extra.append(rng.choice([*other, "lincoln-park-sports-medicine"]))
    return extra


def _languages(rng: random.Random) -> list[str]:
    return ["en"] + [code for code, share in EXTRA_LANGUAGES if rng.random() < share]


def _bio(name: str, cred: str, specialties: list[str], places: list[str],
         languages: list[str], accepting: bool, video: bool) -> dict[str, str]:
    bio = {}
    for lang in LANGUAGES:
        text = BIO[lang].format(
            name=name, cred=cred,
            specialties=", ".join(catalog.label(catalog.SPECIALTY_NAMES, s, lang)
                                  for s in specialties),
            places=", ".join(places),
            languages=", ".join(catalog.label(catalog.LANGUAGE_NAMES, c, lang)
                                for c in languages))
        extras = [d[lang] for d, on in ((ACCEPTING, accepting), (VIDEO, video)) if on]
        bio[lang] = " ".join([text, *extras])
    return bio


def _providers(tenant_id: int, seed: int, places: dict[str, Location]) -> tuple[
        list[Provider], list[list[str]]]:
    from faker import Faker  # only demo seeding needs it; keep it off the import path

    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    fakers = {}
    for i, (lang, locale) in enumerate(sorted(LOCALES.items())):
        fakers[lang] = Faker(locale)
        fakers[lang].seed_instance(seed * 10 + i)
    kinds = {slug: loc.kind for slug, loc in places.items()}
    rows: list[Provider] = []
    sites: list[list[str]] = []
    npis: set[str] = set()
    for home, specialty, count in STAFFING:
        for _ in range(count):
            languages = _languages(rng)
            extra = [c for c in languages if c != "en"]
            locale = extra[0] if extra and rng.random() < 0.7 else "en"
            fake = fakers[locale]
            female = rng.random() < 0.55
            given = fake.first_name_female() if female else fake.first_name_male()
            while given == "Gina":  # the persona is the only Gina in the demo health system
                given = fake.first_name_female()
            family = fake.last_name_female() if female else fake.last_name_male()
            specialties = [specialty]
            if specialty == "sports_medicine" and rng.random() < 0.5:
                specialties = ["family_medicine", "sports_medicine"]
            elif specialty == "physical_therapy" and rng.random() < 0.2:
                specialties = ["physical_therapy", "sports_medicine"]
            cred = _credentials(rng, kinds[home], specialty)
            slugs = [home, *_extra_places(rng, home, specialty, kinds)]
            bookable = not (NOT_BOOKABLE & set(specialties)) and not (
                kinds[home] == H and specialty == "internal_medicine")
            accepting = bookable and rng.random() < 0.7
            video = (bookable or kinds[home] == UC) and rng.random() < (
                0.3 if specialty == "physical_therapy" else 0.45)
            npi = synthetic_npi(rng)
            while npi in npis:
                npi = synthetic_npi(rng)
            npis.add(npi)
            rows.append(Provider(
                tenant_id=tenant_id, given_name=given, family_name=family, credentials=cred,
                specialties=specialties, languages=languages, accepting_new_patients=accepting,
                offers_video=video, npi=npi,
                bio=_bio(f"{given} {family}", cred, specialties,
                         [places[s].name for s in slugs], languages, accepting, video)))
            sites.append(slugs)
    return rows, sites


# ----- seeding -----

def _is_primary_care(specialties: list[str], kinds: list[str]) -> bool:
    return bool(PRIMARY_CARE & set(specialties)) and PC in kinds


def _result(tenant_id: int) -> DirectorySeed:
    locations = list(Location.objects.for_tenant(tenant_id).order_by("id"))
    kind_of = {loc.pk: loc.kind for loc in locations}
    providers = Provider.objects.for_tenant(tenant_id).prefetch_related("locations").order_by("id")
    seeded = []
    for p in providers:
        ids = sorted(loc.pk for loc in p.locations.all())
        seeded.append(SeededProvider(p.pk, list(p.specialties), ids,
                                     _is_primary_care(p.specialties, [kind_of[i] for i in ids])))
    return DirectorySeed(
        [SeededLocation(loc.pk, loc.slug, loc.kind, loc.name, loc.latitude, loc.longitude)
         for loc in locations],
        seeded,
    )


def seed_directory(tenant_id: int, seed: int) -> DirectorySeed:
    if Location.objects.for_tenant(tenant_id).exists():
        return _result(tenant_id)
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    now = timezone.now()
    with transaction.atomic():
        lines = ServiceLine.objects.bulk_create(
            ServiceLine(tenant_id=tenant_id, slug=slug, name=dict(names))
            for slug, names in catalog.SERVICE_LINE_NAMES.items())
        line_ids = {line.slug: line.pk for line in lines}
        locations = Location.objects.bulk_create(
            Location(tenant_id=tenant_id, slug=p.slug, name=p.name, kind=p.kind,
                     address_line=p.line, city=p.city, state="IL", postal_code=p.postal_code,
                     latitude=p.lat, longitude=p.lon, phone=p.phone, time_zone=TIME_ZONE,
                     open_24_hours=p.kind == H,
                     wait_minutes=rng.randint(5, 90) if p.kind == UC else None,
                     wait_updated_at=now if p.kind == UC else None)
            for p in PLACES)
        by_slug = {loc.slug: loc for loc in locations}
        Location.services.through.objects.bulk_create(
            Location.services.through(location_id=by_slug[p.slug].pk, serviceline_id=line_ids[s])
            for p in PLACES for s in p.services)
        _seed_hours(tenant_id, locations, now)
        LocationStatus.objects.bulk_create([LocationStatus(
            tenant_id=tenant_id, location=by_slug["evanston-urgent-care"], status="testing_only",
            message=TESTING_ONLY, effective_from=now - dt.timedelta(days=1),
            effective_until=None, created_by="demo")])
        providers, sites = _providers(tenant_id, seed, by_slug)
        providers = Provider.objects.bulk_create(providers)
        Provider.locations.through.objects.bulk_create(
            Provider.locations.through(provider_id=p.pk, location_id=by_slug[s].pk)
            for p, slugs in zip(providers, sites, strict=True) for s in slugs)
    return _result(tenant_id)


def _seed_hours(tenant_id: int, locations: list[Location], now: dt.datetime) -> None:
    year = now.astimezone(ZoneInfo(TIME_ZONE)).year
    hours: list[LocationHours] = []
    exceptions: list[HolidayException] = []
    for loc in locations:
        weekly = _weekly(loc.slug, loc.kind)
        hours += [LocationHours(tenant_id=tenant_id, location=loc, weekday=d, opens=o, closes=c)
                  for d, o, c in weekly]
        exceptions += _exceptions(loc, weekly, [year, year + 1])
    LocationHours.objects.bulk_create(hours)
    HolidayException.objects.bulk_create(exceptions)

