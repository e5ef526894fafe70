from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, TemplateView

from blogsite.listing import PrecompiledRows
from blogsite.pagination import CachedCountPaginator, html_page_size
from posts import services
from posts.forms import PostForm
from posts.listing import post_rows, post_values
from posts.models import Post
from posts.permissions import can_edit_post


class PostListView(ListView):
    """The home page: latest posts, newest first."""

    template_name = "posts/post_list.html"
    context_object_name = "posts"
    # Compiled to SQL once per page window (blogsite.listing.PrecompiledRows).
    queryset = PrecompiledRows(post_values(Post.objects.all(), with_author=True))
    paginator_class = CachedCountPaginator

    def get_paginate_by(self, queryset):
        return html_page_size(self.request)

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_key="posts", **kwargs)

    def get_context_data(self, **kwargs):
        # The server time, formatted here as date("c") and date("Y-m-d H:i:s T") would (~45 µs each).
        now = timezone.localtime()
        context = super().get_context_data(
            now_iso=now.isoformat(), now_shown=now.strftime("%Y-%m-%d %H:%M:%S %Z"), **kwargs
        )
        context["posts"] = post_rows(context["posts"])
        return context


class PostDetailView(DetailView):
    template_name = "posts/post_detail.html"
    queryset = Post.objects.select_related("author")

    def get_context_data(self, **kwargs):
        # Edit and Delete are shown to whom the edit and delete pages let in.
        return super().get_context_data(can_edit=can_edit_post(self.request.user, self.object), **kwargs)


class AuthorRequiredMixin:
    """Loads the post and refuses (403) anyone but its author or staff.

    Anonymous visitors included: the contract's "anyone else 403", where a
    page that only needs a login (LoginRequiredMixin) sends them to log in.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return self.dispatch_for(Post.objects.select_related("author"), request, *args, **kwargs)
        # A write reads its post under a row lock, and keeps it to its commit:
        # an edit and a delete of one post at once run one after the other,
        # and the second finds the post gone (404), not a 500.
        with transaction.atomic():
            posts = Post.objects.select_related("author").select_for_update(of=("self",))
            return self.dispatch_for(posts, request, *args, **kwargs)

    def dispatch_for(self, posts, request, *args, **kwargs):
        self.post_object = get_object_or_404(posts, pk=kwargs["pk"])
        if not can_edit_post(request.user, self.post_object):
            raise PermissionDenied("" if request.user.is_authenticated else "If you are its author, log in first.")
        return super().dispatch(request, *args, **kwargs)


class PostCreateView(LoginRequiredMixin, FormView):
    template_name = "posts/post_form.html"
    form_class = PostForm

    def form_valid(self, form):
        post = services.post_create(author=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Your post is published.")
        return redirect(post)


class PostUpdateView(AuthorRequiredMixin, FormView):
    template_name = "posts/post_form.html"
    form_class = PostForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.post_object}

    def form_valid(self, form):
        post = services.post_update(post=self.post_object, **form.cleaned_data)
        messages.success(self.request, "Your changes are saved.")
        return redirect(post)


class PostDeleteView(AuthorRequiredMixin, TemplateView):
    """GET asks to confirm (the post page's Delete leads here), POST deletes: Django's DeleteView's way."""

    template_name = "posts/post_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)

    def post(self, request, *args, **kwargs):
        services.post_delete(post=self.post_object)
        messages.success(request, "The post is deleted.")
        return redirect("home")
