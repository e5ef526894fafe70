"""What the site's ModelAdmins share."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

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


class DateDrillDownChangeList(ChangeList):
    """Django's ChangeList, with a date drill-down past the calendar's end taken as a bad lookup.

    For `?<date_hierarchy>__year=` (and its month and day) Django builds the
    range from that date to the next year, month or day. In 9999, the last year
    Python's datetime holds, that end does not exist: Django raised the
    ValueError or OverflowError, and the admin answered 500. As a bad
    lookup, the admin sends the browser back to the list with `?e=1`, as for
    any other lookup it cannot use.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class DateDrillDownAdminMixin:
    """For a ModelAdmin with date_hierarchy: DateDrillDownChangeList as its change list."""

    def get_changelist(self, request, **kwargs):
        return DateDrillDownChangeList
