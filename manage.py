#!/usr/bin/env python
"""Django's command-line utility for the park portal."""

import contextlib
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from portal.history import command_context

    # Changes made by a command (a shell included) are recorded as made by it.
    with command_context(sys.argv) or contextlib.nullcontext():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
