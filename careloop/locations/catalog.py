"""Names of directory codes in the five supported languages.

These are data, not interface strings: they go into stored bios and service-line names and are
shown to patients, so they ship with real translations instead of waiting for .po files.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "fr", "pl", "tr")

Names = dict[str, dict[str, str]]

KIND_NAMES: Names = {
    "hospital": {"en": "Hospital", "es": "Hospital", "fr": "Hôpital", "pl": "Szpital",
                 "tr": "Hastane"},
    "urgent_care": {"en": "Urgent care", "es": "Atención urgente", "fr": "Soins urgents",
                    "pl": "Pomoc doraźna", "tr": "Acil bakım"},
    "primary_care": {"en": "Primary care", "es": "Atención primaria", "fr": "Soins primaires",
                     "pl": "Podstawowa opieka zdrowotna", "tr": "Birinci basamak sağlık"},
    "imaging": {"en": "Imaging", "es": "Diagnóstico por imagen", "fr": "Imagerie médicale",
                "pl": "Diagnostyka obrazowa", "tr": "Görüntüleme"},
    "sports_medicine": {"en": "Sports medicine", "es": "Medicina deportiva",
                        "fr": "Médecine du sport", "pl": "Medycyna sportowa",
                        "tr": "Spor hekimliği"},
    "physical_therapy": {"en": "Physical therapy", "es": "Fisioterapia", "fr": "Kinésithérapie",
                         "pl": "Fizjoterapia", "tr": "Fizik tedavi"},
}

STATUS_NAMES: Names = {
    "open": {"en": "Open", "es": "Abierto", "fr": "Ouvert", "pl": "Otwarte", "tr": "Açık"},
    "closed": {"en": "Closed", "es": "Cerrado", "fr": "Fermé", "pl": "Zamknięte",
               "tr": "Kapalı"},
    "covid_only": {"en": "COVID-19 patients only", "es": "Solo pacientes con COVID-19",
                   "fr": "Patients COVID-19 uniquement", "pl": "Tylko pacjenci z COVID-19",
                   "tr": "Yalnızca COVID-19 hastaları"},
    "non_covid_only": {"en": "Non-COVID patients only", "es": "Solo pacientes sin COVID-19",
                       "fr": "Patients non COVID-19 uniquement",
                       "pl": "Tylko pacjenci bez COVID-19",
                       "tr": "Yalnızca COVID-19 olmayan hastalar"},
    "testing_only": {"en": "Testing only", "es": "Solo pruebas", "fr": "Dépistage uniquement",
                     "pl": "Tylko testy", "tr": "Yalnızca test"},
    "virtual_only": {"en": "Virtual visits only", "es": "Solo consultas virtuales",
                     "fr": "Téléconsultations uniquement", "pl": "Tylko wizyty zdalne",
                     "tr": "Yalnızca çevrim içi muayene"},
}

SPECIALTY_NAMES: Names = {
    "family_medicine": {"en": "family medicine", "es": "medicina familiar",
                        "fr": "médecine familiale", "pl": "medycyna rodzinna",
                        "tr": "aile hekimliği"},
    "internal_medicine": {"en": "internal medicine", "es": "medicina interna",
                          "fr": "médecine interne", "pl": "choroby wewnętrzne",
                          "tr": "iç hastalıkları"},
    "pediatrics": {"en": "pediatrics", "es": "pediatría", "fr": "pédiatrie", "pl": "pediatria",
                   "tr": "çocuk sağlığı ve hastalıkları"},
    "sports_medicine": {"en": "sports medicine", "es": "medicina deportiva",
                        "fr": "médecine du sport", "pl": "medycyna sportowa",
                        "tr": "spor hekimliği"},
    "orthopedic_surgery": {"en": "orthopedic surgery", "es": "cirugía ortopédica",
                           "fr": "chirurgie orthopédique", "pl": "ortopedia i traumatologia",
                           "tr": "ortopedi ve travmatoloji"},
    "radiology": {"en": "radiology", "es": "radiología", "fr": "radiologie", "pl": "radiologia",
                  "tr": "radyoloji"},
    "physical_therapy": {"en": "physical therapy", "es": "fisioterapia", "fr": "kinésithérapie",
                         "pl": "fizjoterapia", "tr": "fizik tedavi"},
    "emergency_medicine": {"en": "emergency medicine", "es": "medicina de urgencias",
                           "fr": "médecine d'urgence", "pl": "medycyna ratunkowa",
                           "tr": "acil tıp"},
    "obstetrics_gynecology": {"en": "obstetrics and gynecology",
                              "es": "obstetricia y ginecología",
                              "fr": "gynécologie-obstétrique",
                              "pl": "położnictwo i ginekologia",
                              "tr": "kadın hastalıkları ve doğum"},
    "cardiology": {"en": "cardiology", "es": "cardiología", "fr": "cardiologie",
                   "pl": "kardiologia", "tr": "kardiyoloji"},
    "dermatology": {"en": "dermatology", "es": "dermatología", "fr": "dermatologie",
                    "pl": "dermatologia", "tr": "dermatoloji"},
}

LANGUAGE_NAMES: Names = {
    "en": {"en": "English", "es": "inglés", "fr": "anglais", "pl": "angielski",
           "tr": "İngilizce"},
    "es": {"en": "Spanish", "es": "español", "fr": "espagnol", "pl": "hiszpański",
           "tr": "İspanyolca"},
    "fr": {"en": "French", "es": "francés", "fr": "français", "pl": "francuski",
           "tr": "Fransızca"},
    "pl": {"en": "Polish", "es": "polaco", "fr": "polonais", "pl": "polski", "tr": "Lehçe"},
    "tr": {"en": "Turkish", "es": "turco", "fr": "turc", "pl": "turecki", "tr": "Türkçe"},
}

SERVICE_LINE_NAMES: Names = {
    "emergency": {"en": "Emergency care", "es": "Atención de emergencias", "fr": "Urgences",
                  "pl": "Szpitalny oddział ratunkowy", "tr": "Acil servis"},
    "urgent_care": KIND_NAMES["urgent_care"],
    "primary_care": {"en": "Primary care", "es": "Atención primaria", "fr": "Soins primaires",
                     "pl": "Podstawowa opieka zdrowotna",
                     "tr": "Birinci basamak sağlık hizmetleri"},
    "imaging": KIND_NAMES["imaging"],
    "laboratory": {"en": "Laboratory", "es": "Laboratorio", "fr": "Laboratoire",
                   "pl": "Laboratorium", "tr": "Laboratuvar"},
    "sports_medicine": KIND_NAMES["sports_medicine"],
    "orthopedics": {"en": "Orthopedics", "es": "Ortopedia", "fr": "Orthopédie",
                    "pl": "Ortopedia", "tr": "Ortopedi"},
    "physical_therapy": KIND_NAMES["physical_therapy"],
    "womens_health": {"en": "Women's health", "es": "Salud de la mujer",
                      "fr": "Santé des femmes", "pl": "Zdrowie kobiet", "tr": "Kadın sağlığı"},
    "pediatrics": {"en": "Pediatrics", "es": "Pediatría", "fr": "Pédiatrie", "pl": "Pediatria",
                   "tr": "Çocuk sağlığı"},
    "cardiology": {"en": "Cardiology", "es": "Cardiología", "fr": "Cardiologie",
                   "pl": "Kardiologia", "tr": "Kardiyoloji"},
    "dermatology": {"en": "Dermatology", "es": "Dermatología", "fr": "Dermatologie",
                    "pl": "Dermatologia", "tr": "Dermatoloji"},
    "covid_testing": {"en": "COVID-19 testing", "es": "Pruebas de COVID-19",
                      "fr": "Dépistage de la COVID-19", "pl": "Testy na COVID-19",
                      "tr": "COVID-19 testi"},
}


def pick(texts: dict[str, str] | None, language: str) -> str:
    """The text in ``language`` (``es-mx`` counts as ``es``), else English, else any."""
    if not texts:
        return ""
    base = (language or "en").lower().split("-")[0].split("_")[0]
    return texts.get(base) or texts.get("en") or next(iter(texts.values()), "")


def label(names: Names, code: str, language: str) -> str:
    """A code's name in ``language``; unknown codes show as themselves."""
    return pick(names.get(code), language) or code
