"""Console forms: parsing and field-level messages only; every rule that matters is in a domain."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from careloop.console import labels
from careloop.identity.public import ROLE_LABELS, Role
from careloop.patients.public import SearchQuery


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True,
                                      "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"), max_length=6, min_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the six digits shown in your app."))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": r"\d{6}", "autofocus": True}),
    )


class SearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    birth_date = forms.DateField(label=_("Birth date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    identifier = forms.CharField(
        label=_("Identifier (MRN, CRM id)"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}))
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "type": "email"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not self.errors and self.query().is_empty():
            raise forms.ValidationError(
                _("Enter a name, birth date, identifier, phone or e-mail."), code="empty")
        return data

    def query(self) -> SearchQuery:
        d = self.cleaned_data
        return SearchQuery(name=d.get("name") or "", birth_date=d.get("birth_date"),
                           identifier_value=d.get("identifier") or "", phone=d.get("phone") or "",
                           email=d.get("email") or "")


def role_choices() -> list[tuple[str, Any]]:
    return [(role.value, ROLE_LABELS[role]) for role in Role]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=role_choices)


class CreateUserForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=role_choices)
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 12 characters; not a common password."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            # The similarity check needs the would-be user's attributes, not a saved row.
            candidate = SimpleNamespace(username=data.get("username", ""),
                                        email=data.get("email", ""), first_name="", last_name="")
            try:
                validate_password(one, user=cast(Any, candidate))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("Where the token will be used, e.g. the EMR bridge."))


class ListMembershipForm(forms.Form):
    slug = forms.SlugField(label=_("List"), max_length=80)


class AuditFilterForm(forms.Form):
    agent = forms.CharField(label=_("Agent (username)"), required=False, max_length=150)
    type = forms.CharField(label=_("Type"), required=False, max_length=32)
    patient = forms.IntegerField(label=_("Patient id"), required=False, min_value=1)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ConsentForm(forms.Form):
    """A grant or withdrawal recorded by staff, with its evidence (how, and which wording)."""

    METHODS = (
        ("verbal", _("Verbal (phone or in person)")),
        ("written", _("Signed form")),
        ("electronic", _("Electronic (web or app)")),
    )

    channel = forms.ChoiceField(label=_("Channel"), choices=lambda: [
        (c, labels.CHANNEL_LABELS[c]) for c in labels.CONSENT_CHANNELS])
    purpose = forms.ChoiceField(label=_("Purpose"), choices=lambda: [
        (p, labels.PURPOSE_LABELS[p]) for p in labels.PURPOSES])
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=(
        ("grant", _("Grant")), ("withdraw", _("Withdraw"))))
    method = forms.ChoiceField(label=_("How it was given"), choices=METHODS)
    text_version = forms.CharField(
        label=_("Consent wording version"), max_length=64,
        help_text=_("The version of the text read or shown to the person, e.g. phone-2026-01."))
