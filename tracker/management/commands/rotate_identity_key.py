"""Re-encrypt every victim identity (and its history) with the current identity key.

Put the new key first in IDENTITY_KEYS and keep the old one after it ("NEW,OLD"), run this,
then drop the old key. The blind index for name searches is rebuilt with the new key as well.
"""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from incidents.models import Victim
from incidents.names import victim_name_index

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt victims' identities and their history with the first key of IDENTITY_KEYS "
        "(the others still decrypt). `--generate` prints a new key."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--generate", action="store_true", help="Print a new Fernet key and stop.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, generate: bool, batch_size: int, **options) -> None:
        if generate:
            self.stdout.write(Fernet.generate_key().decode("ascii"))
            return
        if len(settings.IDENTITY_KEYS) < 2:
            self.stdout.write(
                "Only one identity key is configured: values are re-encrypted with it as they are. "
                "To rotate, set IDENTITY_KEYS=NEW,OLD (a new key from `--generate`)."
            )
        fields = Victim.IDENTITY_FIELDS
        historical = Victim.history.model
        # One transaction: a failure halfway leaves every value as it was, readable by the old key.
        with transaction.atomic():
            victims = self._rotate(Victim.objects.all(), fields, batch_size, index=True)
            history = self._rotate(historical.objects.all(), fields, batch_size, index=False)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {victims} victims and {history} history rows with the current key; "
                "the old key can now be removed from IDENTITY_KEYS."
            )
        )

    def _rotate(self, queryset, fields: tuple[str, ...], batch_size: int, *, index: bool) -> int:
        model = queryset.model
        update_fields = [*fields, "search_names"] if index else list(fields)
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        done = 0
        with tqdm(total=len(pks), desc=model._meta.verbose_name_plural, disable=None) as progress:
            for start in range(0, len(pks), batch_size):
                batch = list(model.objects.filter(pk__in=pks[start : start + batch_size]))
                for record in batch:
                    # The field decrypted with whichever key wrote it; saving encrypts with the first.
                    if index:
                        record.search_names = victim_name_index(record.name, record.other_names)
                # bulk_update writes through the field, so no history row or updated_at change:
                # rotation is not an edit of the record.
                model.objects.bulk_update(batch, update_fields)
                done += len(batch)
                progress.update(len(batch))
        return done
