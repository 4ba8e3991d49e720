import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Derived or throw-away tables: rebuilt by `migrate`, or worthless in a backup.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "committees.dataversion",
    "committees.loginthrottle",
]


class Command(BaseCommand):
    help = (
        "Write all data (plans, values, history, users with their password hashes, the "
        "admin's action log) to a database-independent JSON file readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Path of the JSON file to write.")

    def handle(self, *args, out, **options):
        excluded = [arg for name in EXCLUDE for arg in ("--exclude", name)]
        # Owner-only from the first byte: the file holds every user's password hash.
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            call_command(
                "dumpdata", "--natural-foreign", *excluded, "--indent", "1", stdout=stream
            )
        self.stdout.write(
            f"Backup written to {out} (readable by its owner only). It holds every user's "
            "password hash: keep it as safe as the database itself."
        )
