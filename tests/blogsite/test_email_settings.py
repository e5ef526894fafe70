"""Email settings: every way of sending mail waits EXTERNAL_TIMEOUT at most for each network step."""

import pytest

CONNECTION = (
    "import django; django.setup(); from django.core.mail import get_connection; "
    "connection = get_connection(); print(type(connection).__module__, connection.timeout)"
)


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({"SENDGRID_API_KEY": "SG.test"}, "anymail.backends.sendgrid"),
        ({"EMAIL_URL": "smtp://127.0.0.1:2525"}, "django.core.mail.backends.smtp"),
    ],
)
def test_mail_is_sent_within_the_external_timeout(run_python, environment, backend):
    output = run_python(
        CONNECTION, DJANGO_SETTINGS_MODULE="blogsite.settings", DJANGO_DEBUG="1", EXTERNAL_TIMEOUT="2", **environment
    )
    assert output.split() == [backend, "2.0"]
