from django.core.management import call_command
from django.core.management.base import BaseCommand

# Derived or throw-away tables: rebuilt by `migrate`, or worthless in a backup.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "committees.dataversion",
]


class Command(BaseCommand):
    help = "Write all data (plans, values, history, users) to a database-independent JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Path of the JSON file to write.")

    def handle(self, *args, out, **options):
        excluded = [arg for name in EXCLUDE for arg in ("--exclude", name)]
        call_command(
            "dumpdata",
            "--natural-foreign",
            *excluded,
            "--indent",
            "1",
            "--output",
            out,
            stdout=self.stdout,
        )
        self.stdout.write(f"Backup written to {out}.")
