from django.apps import AppConfig


class BlogsiteConfig(AppConfig):
    """The project package as an app: its management commands, and a start-up step."""

    name = "blogsite"
    verbose_name = "Blogsite"

    def ready(self):
        from blogsite.request_signals import disconnect_idle_request_receivers

        disconnect_idle_request_receivers()
