from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Committees and action plans")

    def ready(self):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from indicators.barometer.rollup import renew_people_stamp

        def people_changed(**kwargs):
            if not kwargs.get("raw"):
                # in the same transaction: every process sees it exactly at commit
                renew_people_stamp()

        user = get_user_model()
        for sender in (settings.AUTH_USER_MODEL, "auth.Group"):
            post_save.connect(people_changed, sender=sender, dispatch_uid=f"people-save-{sender}")
            post_delete.connect(people_changed, sender=sender, dispatch_uid=f"people-del-{sender}")
        for through in (
            user.groups.through,
            user.user_permissions.through,
            user.groups.field.related_model.permissions.through,
        ):
            m2m_changed.connect(people_changed, sender=through, dispatch_uid=f"people-{through}")
