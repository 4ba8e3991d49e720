"""`python bench/generate_scale.py --factor 100`: N× the real plans, for the benchmarks.

Not a management command: the scale generator belongs to the benchmark, not to the
application a municipality runs.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkintegration.settings")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True, help="2 or more")
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args(argv)
    if args.factor < 2:
        parser.error("--factor must be 2 or more (1× is the real plans).")
    import django

    django.setup()
    from bench.scale import analyze, generate_scale

    created = generate_scale(args.factor, seed=args.seed, stdout=sys.stdout)
    analyze()
    print(f"Created {created} rows for {args.factor}× the plans; statistics refreshed.")


if __name__ == "__main__":
    main()
