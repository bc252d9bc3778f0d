"""Make sure a local superuser exists, and say how to sign in.

The password is generated once per database and kept in var/ (ignored by git), so that
running `make run` again keeps the same login.
"""

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import connection

USERNAME = "admin"


def _password_file() -> Path:
    # One file per database, so SQLite and PostgreSQL logins don't overwrite each other.
    database = (
        f"{connection.vendor}:{connection.settings_dict.get('HOST')}:{connection.settings_dict['NAME']}"
    )
    digest = hashlib.sha256(database.encode()).hexdigest()[:12]
    return Path(settings.BASE_DIR) / "var" / f"admin-login-{digest}.txt"


class Command(BaseCommand):
    help = "Create the local superuser 'admin' if missing, and print how to sign in."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="The port the server will listen on.")

    def handle(self, *args, port: str, **options) -> None:
        password_file = _password_file()
        user = User.objects.filter(username=USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(USERNAME, "", password)
            password_file.parent.mkdir(exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text().strip()
        else:
            password = None

        base = f"http://127.0.0.1:{port}"
        self.stdout.write("")
        self.stdout.write(f"  Admin:    {base}/admin/")
        self.stdout.write(f"  API:      {base}/api/v1/   (docs: {base}/api/v1/docs/)")
        if password:
            self.stdout.write(
                f"  Sign in:  user '{USERNAME}', password '{password}' (kept in {password_file})"
            )
        else:
            self.stdout.write(
                f"  Sign in:  user '{USERNAME}' exists; set its password with "
                f"`.venv/bin/python manage.py changepassword {USERNAME}`"
            )
        self.stdout.write(
            "            At first sign-in the admin asks you to enrol an authenticator app (TOTP): "
            "scan the QR code, then type a code."
        )
        self.stdout.write("")
