from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "careloop.compliance"
    label = "compliance"
