from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Friendship, Notification, User
from blogsite.admin import ContentVersionAdminMixin


@admin.register(User)
class UserAdmin(ContentVersionAdminMixin, DjangoUserAdmin):
    list_display = ("username", "email", "city", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "date_joined")
    search_fields = ("username", "email", "city")
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Profile", {"fields": ("city",)}))
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),)

    # Who may grant rights. Django's UserAdmin lets anyone with "change user"
    # edit every field, their own rights included: a staff member allowed to
    # fix emails could make themselves superuser. Here only a superuser grants
    # staff, superuser, groups and permissions, or changes (or deletes) a
    # superuser: their password included, which the admin's password form
    # checks with has_change_permission.
    RIGHTS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, *self.RIGHTS)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Friendship)
class FriendshipAdmin(admin.ModelAdmin):
    list_display = ("from_user", "to_user", "created_at")
    list_select_related = ("from_user", "to_user")
    search_fields = ("from_user__username", "to_user__username")
    list_filter = ("created_at",)
    raw_id_fields = ("from_user", "to_user")
    readonly_fields = ("created_at",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "message", "read", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "message")
    list_filter = ("read", "created_at")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)
