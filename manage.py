#!/usr/bin/env python
"""Django's command-line utility; the development entry point (FAIR_ENV=development)."""
import os
import sys


def main():
    """Run a management command, in development mode unless FAIR_ENV says otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fair.settings")
    os.environ.setdefault("FAIR_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
