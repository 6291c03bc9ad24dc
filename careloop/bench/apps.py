from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "careloop.bench"
    label = "bench"
