from django.apps import AppConfig


class BlogsiteConfig(AppConfig):
    """The project package as an app: its management commands, and two start-up steps."""

    name = "blogsite"
    verbose_name = "Blogsite"

    def ready(self):
        from django.db.backends.signals import connection_created

        from blogsite.query_timing import install_query_timing
        from blogsite.request_signals import disconnect_idle_request_receivers

        disconnect_idle_request_receivers()
        # Before any connection opens: each gets the query timer's wrapper as it does.
        connection_created.connect(install_query_timing, dispatch_uid="blogsite.install_query_timing")
