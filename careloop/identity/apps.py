from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "careloop.identity"
    label = "identity"
