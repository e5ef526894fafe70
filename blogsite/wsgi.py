"""WSGI entry point: gunicorn loads `blogsite.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

from blogsite.wsgi_body import read_away_the_unread_body

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogsite.settings")

application = read_away_the_unread_body(get_wsgi_application())
