from django.contrib import admin

from blogsite.admin import ContentVersionAdminMixin, DateDrillDownAdminMixin
from posts import services
from posts.models import Post


@admin.register(Post)
class PostAdmin(ContentVersionAdminMixin, DateDrillDownAdminMixin, admin.ModelAdmin):
    list_display = ("title", "author", "created_at", "updated_at")
    list_select_related = ("author",)
    search_fields = ("title", "content", "author__username")
    list_filter = ("created_at",)
    date_hierarchy = "created_at"
    raw_id_fields = ("author",)
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        # Through the service, as the site and the API write: the content is
        # sanitized before it is stored (contract section 8), whoever writes it.
        # The service bumps the content version itself, so this replaces the
        # mixin's save_model without calling it; its delete hooks still apply.
        services.post_save(post=obj)
