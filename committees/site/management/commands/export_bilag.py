from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from committees.models import Committee
from committees.site.exports import export_bilag


class Command(BaseCommand):
    help = "Write the Bilag workbook for one committee (--committee SUD) or all (--all)."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--committee", help="Committee code, e.g. SUD or ØU (or its slug, ou).")
        who.add_argument("--all", action="store_true", help="All committees in one workbook.")
        parser.add_argument("--out", required=True, help="Path of the .xlsx file to write.")
        parser.add_argument("--year", type=int, help="Year of the Barometer sheet.")
        parser.add_argument(
            "--include-biu",
            action="store_true",
            help="With --all: add BIU (not part of the adopted Bilag 2), last.",
        )
        parser.add_argument(
            "--lang", choices=["da", "en"], default="da", help="Language of the headings."
        )

    def handle(self, *args, committee, all, out, year, include_biu, lang, **options):
        committees = None
        if not all:
            found = (
                Committee.objects.filter(code=committee).first()
                or Committee.objects.filter(slug=committee.lower()).first()
            )
            if found is None:
                raise CommandError(f"Unknown committee {committee!r}.")
            committees = [found]
        path = Path(out)
        with path.open("wb") as f, translation.override(lang):
            export_bilag(f, committees=committees, year=year, include_biu=include_biu)
        self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
