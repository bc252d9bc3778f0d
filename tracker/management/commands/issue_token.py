"""Print a new API token for a user, for scripts: `manage.py issue_token USERNAME`."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tracker.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for USERNAME and print it (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--organisation", help="The partner organisation that holds the token (default: the username)."
        )
        parser.add_argument(
            "--expires-in-days", type=int, help="Days until the token expires (default: never)."
        )

    def handle(self, *args, username: str, organisation: str | None, expires_in_days: int | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is inactive.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        _, plaintext = ApiToken.issue(user=user, organisation=organisation or username, expires_at=expires_at)
        # The token alone on stdout, so that `TOKEN=$(manage.py issue_token partner)` works.
        self.stdout.write(plaintext)
