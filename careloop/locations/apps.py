from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "careloop.locations"
    label = "locations"
