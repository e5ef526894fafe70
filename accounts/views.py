import copy
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts import selectors, services
from accounts.forms import ProfileForm, RegisterForm
from accounts.models import Notification, User
from blogsite.listing import ListedDatetime, PrecompiledRows, to_local_iso, url_maker
from blogsite.pagination import CachedCountPaginator, html_page_size
from blogsite.views import MethodNotAllowedPageMixin
from posts.listing import post_rows, post_values
from posts.models import Post


class LogoutView(MethodNotAllowedPageMixin, auth_views.LogoutView):
    """Django's logout, a POST (the header's Log out button); opened as a page, the site's 405 page says so."""


class LoginView(auth_views.LoginView):
    """Django's login page; a logged-in user who opens it goes on to ?next= (or home).

    Django refuses a `next` that points back at the login page itself with a
    ValueError ("Redirection loop for authenticated user detected"): a 500
    for any logged-in user following such a link. That `next` is dropped
    here, as an unsafe one is, and the user goes home.
    """

    template_name = "accounts/user_login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url


class RegisterView(FormView):
    template_name = "accounts/user_register.html"
    form_class = RegisterForm

    def form_valid(self, form):
        try:
            user = services.user_create(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except services.UserAlreadyExists as exc:
            form.add_error(exc.field, exc.detail)
            return self.form_invalid(form)
        login(self.request, user)
        messages.success(self.request, f"Welcome, {user.username}! Your account is ready.")
        return redirect("home")


class UserListView(ListView):
    template_name = "accounts/user_list.html"
    context_object_name = "users"
    # Compiled to SQL once per page window (blogsite.listing.PrecompiledRows).
    queryset = PrecompiledRows(
        User.objects.filter(is_active=True).order_by("username").values_list("username", ListedDatetime("date_joined"))
    )
    paginator_class = CachedCountPaginator

    def get_paginate_by(self, queryset):
        return html_page_size(self.request)

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_key="users:active", **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Links and dates made once per page, not by template tags per row (blogsite.listing).
        profile_url = url_maker("user-page", "username")
        to_iso = to_local_iso()
        # (username, url, joined) as the template unpacks them; joined is date("Y-m-d").
        context["users"] = [
            (username, profile_url(username), to_iso(joined)[:10]) for username, joined in context["users"]
        ]
        return context


class UserDetailView(ListView):
    """A user's public page: their posts, paginated."""

    template_name = "accounts/user_detail.html"
    context_object_name = "posts"

    def get_paginate_by(self, queryset):
        return html_page_size(self.request)

    paginator_class = CachedCountPaginator

    def get(self, request, *args, **kwargs):
        username = kwargs["username"]
        try:
            self.profile = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise Http404("No such user.") from None
        if not self.profile.is_active:
            raise Http404("No such user.")
        if self.profile.username != username:
            # Usernames are unique ignoring case: /users/DEMO1/ is demo1's page, under its one address.
            # Not a permanent redirect: browsers keep a 301 for good, and a rename in the admin
            # to "DEMO1" would then send them round in a loop between the two addresses.
            url = reverse("user-page", kwargs={"username": self.profile.username}, query=request.GET)
            return redirect(url)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return post_values(Post.objects.filter(author=self.profile))

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_key=f"posts:author={self.profile.pk}", **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(profile=self.profile, **kwargs)
        context["posts"] = post_rows(context["posts"])
        viewer = self.request.user
        # A logged-in visitor on someone else's page gets Add friend, or Remove friend.
        context["can_befriend"] = viewer.is_authenticated and viewer.pk != self.profile.pk
        if context["can_befriend"]:
            context["is_friend"] = selectors.user_is_friend(user=viewer, friend=self.profile)
        return context


class LoginBackToPageMixin(LoginRequiredMixin):
    """For a POST-only address behind a button: logged out, the login page's `next` is the page the
    button was on (back_to()), not the button's own address, which would answer 405 to a GET."""

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            return super().handle_no_permission()
        return redirect_to_login(self.back_to(), self.get_login_url(), self.get_redirect_field_name())

    def back_to(self) -> str:
        raise NotImplementedError


class FriendView(LoginBackToPageMixin, MethodNotAllowedPageMixin, View):
    """POST: befriend (`add`) or unfriend the user of this page, as the API's POST and DELETE
    /api/users/<id>/friend/ do, then back to their page with a message."""

    http_method_names = ["post"]
    add = True

    def back_to(self) -> str:
        return reverse("user-page", kwargs={"username": self.kwargs["username"]})

    def post(self, request, username: str):
        try:
            friend = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise Http404("No such user.") from None
        if self.add:
            if not friend.is_active:
                raise Http404("No such user.")
            try:
                _, created = services.friend_add(user=request.user, friend=friend)
            except services.CannotBefriendSelf as error:
                messages.error(request, error.detail)
            except services.UserGone:
                raise Http404("No such user.") from None  # deleted since it was read
            else:
                said = "You added {} as a friend." if created else "{} is already your friend."
                messages.success(request, said.format(friend.username))
        elif services.friend_remove(user=request.user, friend=friend):
            messages.success(request, f"{friend.username} is no longer your friend.")
        else:
            messages.info(request, f"{friend.username} was not your friend.")
        return redirect("user-page", username=friend.username) if friend.is_active else redirect("dashboard")


class DashboardView(LoginRequiredMixin, TemplateView):
    """The logged-in user's dashboard (the same data as /api/users/<id>/dashboard/)."""

    template_name = "accounts/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(dashboard=selectors.dashboard_for_user(user=self.request.user), **kwargs)


class ProfileView(LoginRequiredMixin, FormView):
    """The user's own email and city (the city is the dashboard's weather), as PATCH /api/users/me/ changes them."""

    template_name = "accounts/user_profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.request.user)}

    def form_valid(self, form):
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.user_update(user=self.request.user, **changed)
        except services.UserAlreadyExists as exc:  # another request took the email after validation
            form.add_error(exc.field, exc.detail)
            return self.form_invalid(form)
        messages.success(self.request, "Your profile is saved.")
        return redirect("dashboard")


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's notifications, newest first (GET /api/notifications/ as a page)."""

    template_name = "accounts/notification_list.html"
    context_object_name = "notifications"

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)

    def get_paginate_by(self, queryset):
        return html_page_size(self.request)


class NotificationReadView(LoginBackToPageMixin, MethodNotAllowedPageMixin, View):
    """POST: mark one of the user's notifications read (another's is 404), back to where it is on its page."""

    http_method_names = ["post"]

    def back_to(self) -> str:
        return reverse("accounts:notifications")

    def post(self, request, pk: int):
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        services.notification_mark_read(notification=notification)
        # Back to the page it was on, at the size it was shown (each only if a number), scrolled to it.
        paging = {}
        for name in ("page", "page_size"):
            value = request.POST.get(name, "")
            if value.isascii() and value.isdigit():
                paging[name] = value
        url = reverse("accounts:notifications", query=paging)
        return redirect(f"{url}#notification-{notification.pk}")
