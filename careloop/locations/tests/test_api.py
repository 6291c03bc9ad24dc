import pytest
from django.test import Client

from careloop.identity.public import Role
from careloop.kit.testing import create_token

from .helpers import ALL_LANGUAGES, make_actor, make_location, make_provider

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, actor):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {create_token(actor)}"}

    def get(self, path, **query):
        return self.client.get(f"/api{path}", query, headers=self.headers)

    def post(self, path, body):
        return self.client.post(f"/api{path}", body, content_type="application/json",
                                headers=self.headers)


@pytest.fixture
def admin():
    return make_actor()


def test_locations_list_and_detail(admin):
    care = make_location(admin, kind="urgent_care", name="Lakeview Urgent Care")
    make_location(admin, kind="imaging", name="West Loop Imaging")
    api = Api(admin)
    response = api.get("/locations")
    assert response.status_code == 200
    assert [x["name"] for x in response.json()] == ["Lakeview Urgent Care", "West Loop Imaging"]
    assert [x["id"] for x in api.get("/locations", kind="urgent_care").json()] == [care.id]
    body = api.get(f"/locations/{care.id}", lang="es").json()
    assert body["kind_label"] == "Atención urgente"
    assert body["status"] == {"status": "open", "label": "Abierto", "message": "",
                              "effective_from": None, "effective_until": None}
    assert body["hours"][0] == {"weekday": 0, "opens": "08:00", "closes": "17:00"}
    assert body["address"]["city"] == "Chicago"
    assert isinstance(body["is_open_now"], bool)


def test_set_status_and_wait(admin):
    care = make_location(admin, kind="urgent_care")
    api = Api(admin)
    response = api.post(f"/locations/{care.id}/status",
                        {"status": "testing_only", "messages": ALL_LANGUAGES})
    assert response.status_code == 200, response.content
    assert response.json()["status"]["status"] == "testing_only"
    fr = api.get(f"/locations/{care.id}", lang="fr").json()["status"]
    assert fr["message"] == ALL_LANGUAGES["fr"] and fr["label"] == "Dépistage uniquement"
    response = api.post(f"/locations/{care.id}/wait-time", {"minutes": 25})
    assert response.status_code == 200 and response.json()["wait_minutes"] == 25


def test_errors_map_to_status_codes(admin):
    care = make_location(admin, kind="urgent_care")
    api = Api(admin)
    response = api.post(f"/locations/{care.id}/status",
                        {"status": "closed", "messages": {"en": "Closed"}})
    assert response.status_code == 422
    assert "es" in response.json()["errors"]["messages"]
    assert api.get("/locations/987654321").status_code == 404
    theirs = make_location(make_actor())
    assert api.get(f"/locations/{theirs.id}").status_code == 404
    marketer = Api(make_actor(Role.MARKETER, admin.tenant_id))
    assert marketer.post(f"/locations/{care.id}/wait-time", {"minutes": 5}).status_code == 403
    assert marketer.get(f"/locations/{care.id}").status_code == 200
    assert api.get("/providers", lat=41.9).status_code == 422


def test_provider_search(admin):
    loop = make_location(admin, name="Loop", lat=41.8810, lon=-87.6262)
    skokie = make_location(admin, name="Skokie", lat=42.0334, lon=-87.7334)
    near = make_provider(admin, [loop], given_name="Near", languages=["en", "pl"],
                         bio={"en": "Hello", "pl": "Dzień dobry"})
    far = make_provider(admin, [skokie], given_name="Far", specialties=["cardiology"],
                        offers_video=True)
    api = Api(admin)
    found = api.get("/providers", lat=41.88, lon=-87.63, lang="pl").json()
    assert [p["id"] for p in found] == [near.id, far.id]
    assert found[0]["bio"] == "Dzień dobry" and found[0]["language_names"] == ["angielski",
                                                                             "polski"]
    assert found[0]["distance_km"] < found[1]["distance_km"]
    assert found[0]["locations"][0]["distance_km"] == found[0]["distance_km"]
    assert [p["id"] for p in api.get("/providers", video="true").json()] == [far.id]
    assert [p["id"] for p in api.get("/providers", specialty="cardiology").json()] == [far.id]
    assert [p["id"] for p in api.get("/providers", language="pl").json()] == [near.id]
    assert [p["id"] for p in api.get("/providers", location_id=loop.id).json()] == [near.id]
    one = api.get(f"/providers/{far.id}").json()
    assert one["name"] == f"Far {far.family_name}, MD" and one["distance_km"] is None
    assert api.get("/providers", specialty="astrology").status_code == 422
    assert Api(make_actor(Role.AUDITOR, admin.tenant_id)).get("/providers").status_code == 403
