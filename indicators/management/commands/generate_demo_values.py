from django.core.management.base import BaseCommand

from indicators.demo import generate_demo_values, remove_demo_values


class Command(BaseCommand):
    help = "Generate demo values for 2010–2014 where the plans give none (marked as demo)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2014)
        parser.add_argument("--remove", action="store_true", help="Delete all demo values.")
        parser.add_argument(
            "--round",
            action="store_true",
            help="Leave a living round: earlier years approved, the year before the latest "
            "submitted and waiting for BIF, the latest year open for staff (make run).",
        )

    def handle(self, *args, seed, remove, round, **options):
        if remove:
            self.stdout.write(f"Removed {remove_demo_values()} demo values.")
            return
        created = generate_demo_values(seed=seed, living_round=round)
        self.stdout.write(f"Created {created} demo values (seed {seed}); real values untouched.")
