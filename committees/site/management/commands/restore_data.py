from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from committees import versions
from indicators.models import IndicatorValue


class Command(BaseCommand):
    help = "Load a backup_data file into an empty, migrated database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file written by backup_data.")

    def handle(self, *args, file, **options):
        if IndicatorValue.objects.exists():
            raise CommandError("The database is not empty: restore into a fresh, migrated one.")
        # The history rows come from the backup itself; loading must not add new ones.
        enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        settings.SIMPLE_HISTORY_ENABLED = False
        try:
            with transaction.atomic():
                call_command("loaddata", file, stdout=self.stdout)
        finally:
            settings.SIMPLE_HISTORY_ENABLED = enabled
        versions.changed_everywhere()  # loaddata sends no change of its own
        self.stdout.write("Restored.")
