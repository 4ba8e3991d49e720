from django.core.management.base import BaseCommand, CommandError

from committees.site.loader import APPENDIX_FILE, PLANS_DIR, PlanFileError, load_plans


class Command(BaseCommand):
    help = "Load the committees' 2011–14 action plans from fixtures/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(PLANS_DIR), help="Folder of plan JSON files.")

    def handle(self, *args, **options):
        try:
            stats = load_plans(options["dir"])
        except PlanFileError as exc:
            raise CommandError(str(exc)) from None
        plans = [name for name in stats.files if name != APPENDIX_FILE]
        appendix = " and Bilag 2" if APPENDIX_FILE in stats.files else ""
        self.stdout.write(
            f"Loaded {len(plans)} plans{appendix}: {stats.created} created, "
            f"{stats.updated} updated, {stats.unchanged} unchanged, "
            f"{stats.links} link sets changed."
        )
