"""The WSGI application that gunicorn serves (docker/entrypoint.sh)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

application = get_wsgi_application()

from tracker.warmup import prepare_process  # noqa: E402 -- needs the settings loaded above

prepare_process()
