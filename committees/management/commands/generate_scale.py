from django.core.management.base import BaseCommand, CommandError

from committees.scale import generate_scale
from indicators.rollup import invalidate


class Command(BaseCommand):
    help = "Multiply the real plans N times (benchmark data, deterministic from the seed)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, required=True, help="2 or more")
        parser.add_argument("--seed", type=int, default=2014)

    def handle(self, *args, factor, seed, **options):
        if factor < 2:
            raise CommandError("--factor must be 2 or more (1× is the real plans).")
        created = generate_scale(factor, seed=seed, stdout=self.stdout)
        invalidate()
        self.stdout.write(f"Created {created} rows for {factor}× the plans.")
