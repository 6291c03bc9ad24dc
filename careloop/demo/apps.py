from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "careloop.demo"
    label = "demo"
