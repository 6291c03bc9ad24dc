"""The ``careloop`` command: Django's management commands behind one CLI.

``careloop migrate``, ``careloop seed``, ``careloop audit verify``, ``careloop keys rotate``,
``careloop worker``, ``careloop bench api`` ...
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["careloop", *sys.argv[1:]])


if __name__ == "__main__":
    main()
