"""What the site's ModelAdmins share."""

from blogsite.caching import content_version_bump


class ContentVersionAdminMixin:
    """For a model the cached anonymous pages show (posts, users): a change made in the admin shows there at once.

    The site's and the API's writes go through the services, which bump the
    content version (blogsite.caching); the admin saves and deletes rows
    itself, so it bumps the version after each save and delete, bulk
    deletion included. Without this a post removed by a moderator stayed on
    the cached lists, and in their counts, for up to a minute.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_version_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_version_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_version_bump()
