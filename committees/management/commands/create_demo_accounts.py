from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from committees.models import Committee
from committees.roles import ensure_analyst_group

# Demo only: these passwords are printed and documented in the README.
DEMO_PASSWORD = "kk-demo-2014"


def staff_username(committee):
    return f"{committee.slug}-staff"


class Command(BaseCommand):
    help = "Create demo accounts (administrator, BIF analyst, one staff per committee)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Create the accounts even with DEBUG off (never on a server others can reach).",
        )

    @transaction.atomic
    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "DEBUG is off: this looks like production, and the demo accounts have a "
                "published password. Nothing was created. Pass --allow-without-debug to "
                "create them anyway on a machine nobody else can reach."
            )
        User = get_user_model()
        rows = []

        def account(username, **flags):
            user, created = User.objects.get_or_create(username=username, defaults=flags)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            return user

        account("admin", is_staff=True, is_superuser=True)
        rows.append(("admin", "administrator"))
        analyst = account("analytiker", is_staff=True, first_name="BIF", last_name="Analytiker")
        analyst.groups.add(ensure_analyst_group())
        rows.append(("analytiker", "BIF analyst"))
        for committee in Committee.objects.order_by("order"):
            user = account(staff_username(committee), first_name=committee.code)
            committee.staff_members.add(user)
            rows.append((user.username, f"staff, {committee.code}"))

        self.stdout.write("Demo accounts (demo only, never in production):")
        for username, role in rows:
            self.stdout.write(f"  {username:<14} {role:<20} password: {DEMO_PASSWORD}")
