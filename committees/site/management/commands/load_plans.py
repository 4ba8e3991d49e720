from django.core.management.base import BaseCommand, CommandError

from committees.site.loader import PLANS_DIR, PlanFileError, load_plans


class Command(BaseCommand):
    help = "Load the committees' 2011–14 action plans from fixtures/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(PLANS_DIR), help="Folder of plan JSON files.")

    def handle(self, *args, **options):
        try:
            stats = load_plans(options["dir"])
        except PlanFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Loaded {len(stats.files)} plans: {stats.created} created, "
            f"{stats.updated} updated, {stats.unchanged} unchanged, "
            f"{stats.links} link sets changed."
        )
