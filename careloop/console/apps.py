from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "careloop.console"
    label = "console"
