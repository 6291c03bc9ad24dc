import pytest

from careloop.identity.public import NotPermitted, Role
from careloop.kit.errors import InvalidInput, NotFound
from careloop.locations.public import access_provider_by_id, haversine_km, search_providers

from .helpers import make_actor, make_location, make_provider

pytestmark = pytest.mark.django_db

LOOP = (41.8781, -87.6298)


@pytest.fixture
def admin():
    return make_actor()


@pytest.fixture
def directory(admin):
    loop = make_location(admin, name="Loop", lat=41.8810, lon=-87.6262)  # ~0.4 km
    evanston = make_location(admin, name="Evanston", lat=42.0451, lon=-87.6877)  # ~19 km
    oak_park = make_location(admin, name="Oak Park", lat=41.8850, lon=-87.7845)  # ~13 km
    return {
        "loop": loop, "evanston": evanston, "oak_park": oak_park,
        "ana": make_provider(admin, [evanston], given_name="Ana", languages=["en", "es"],
                             specialties=["family_medicine"], offers_video=True),
        "piotr": make_provider(admin, [oak_park, evanston], given_name="Piotr",
                               languages=["en", "pl"], specialties=["cardiology"],
                               accepting_new_patients=False),
        "sam": make_provider(admin, [loop], given_name="Sam", specialties=["pediatrics"],
                             credentials="NP"),
    }


def names(found):
    return [p.given_name for p in found]


def test_haversine():
    assert haversine_km((0, 0), (1, 0)) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(LOOP, LOOP) == 0
    assert haversine_km(LOOP, (42.0451, -87.6877)) == pytest.approx(19.1, abs=0.3)


def test_filters(admin, directory):
    assert names(search_providers(admin, specialty="cardiology")) == ["Piotr"]
    assert names(search_providers(admin, language="es")) == ["Ana"]
    assert names(search_providers(admin, language="ES")) == ["Ana"]
    assert names(search_providers(admin, accepting=False)) == ["Piotr"]
    assert sorted(names(search_providers(admin, accepting=True))) == ["Ana", "Sam"]
    assert names(search_providers(admin, video=True)) == ["Ana"]
    assert sorted(names(search_providers(admin, location_id=directory["evanston"].id))) == [
        "Ana", "Piotr"]
    assert names(search_providers(admin, specialty="family_medicine", language="pl")) == []
    assert len(search_providers(admin)) == 3
    assert len(search_providers(admin, limit=2)) == 2


def test_near_orders_by_distance_to_the_nearest_location(admin, directory):
    found = search_providers(admin, near=LOOP)
    # Sam is in the Loop; Piotr counts from Oak Park, nearer than his Evanston office.
    assert names(found) == ["Sam", "Piotr", "Ana"]
    sam, piotr, ana = found
    assert sam.distance_km == pytest.approx(0.4, abs=0.2)
    assert piotr.distance_km == pytest.approx(haversine_km(LOOP, (41.8850, -87.7845)), abs=0.01)
    assert [loc.name for loc in piotr.locations] == ["Oak Park", "Evanston"]
    assert ana.distance_km == pytest.approx(19.1, abs=0.3)
    assert all(p.distance_km is None for p in search_providers(admin))


def test_provider_view(admin, directory):
    view = access_provider_by_id(admin, directory["sam"].id)
    assert view.display_name == f"Sam {view.family_name}, NP"
    assert view.bio_in("es") == "Biografía" and view.bio_in("tr") == "Bio"
    assert view.is_primary_care  # pediatrics at a primary care clinic
    assert not access_provider_by_id(admin, directory["piotr"].id).is_primary_care
    urgent = make_provider(admin, [make_location(admin, kind="urgent_care")])
    assert not access_provider_by_id(admin, urgent.id).is_primary_care


def test_bad_search_input(admin, directory):
    for kwargs in ({"specialty": "astrology"}, {"language": "english!"}, {"limit": 0},
                   {"near": (95.0, 0.0)}):
        with pytest.raises(InvalidInput):
            search_providers(admin, **kwargs)


def test_tenant_isolation(admin, directory):
    other = make_actor()
    theirs = make_provider(other, [make_location(other)])
    with pytest.raises(NotFound):
        access_provider_by_id(admin, theirs.id)
    with pytest.raises(NotFound):
        search_providers(admin, location_id=theirs.locations.get().id)
    assert theirs.id not in {p.id for p in search_providers(admin)}
    assert [p.id for p in search_providers(other)] == [theirs.id]


def test_auditor_cannot_search(admin, directory):
    with pytest.raises(NotPermitted):
        search_providers(make_actor(Role.AUDITOR, admin.tenant_id))
    with pytest.raises(NotPermitted):
        access_provider_by_id(make_actor(Role.AUDITOR, admin.tenant_id), directory["sam"].id)
