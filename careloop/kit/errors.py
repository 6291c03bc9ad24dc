"""Errors every domain raises and every door (API, console, CLI) knows how to show."""

from __future__ import annotations


class NotFound(LookupError):
    """The record does not exist for this actor (another tenant's record is "not found")."""


class InvalidInput(ValueError):
    """Input a user can fix; ``errors`` maps field names to messages a person understands."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
