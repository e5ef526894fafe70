from django.contrib import admin

from posts.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "created_at", "updated_at")
    list_select_related = ("author",)
    search_fields = ("title", "content", "author__username")
    list_filter = ("created_at",)
    date_hierarchy = "created_at"
    raw_id_fields = ("author",)
    readonly_fields = ("created_at", "updated_at")
