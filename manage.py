#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    # manage.py is the developer's tool: without DEBUG in the environment it runs in development
    # mode. Production (gunicorn, docker/entrypoint.sh) always sets DEBUG=0 and its own keys.
    os.environ.setdefault("DEBUG", "1")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A misconfigured environment is the operator's to fix: one line, not a traceback.
        sys.exit(f"configuration error: {error}")


if __name__ == "__main__":
    main()
