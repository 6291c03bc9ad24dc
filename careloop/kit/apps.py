from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "careloop.kit"
    label = "kit"
    verbose_name = "careloop kit (shared kernel)"

    def ready(self) -> None:
        from careloop.kit import events

        events.autodiscover_handlers()
