"""WSGI entry point for kkintegration."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkintegration.settings")

application = get_wsgi_application()
