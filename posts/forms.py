from django import forms

from posts.models import Post


class PostForm(forms.ModelForm):
    title = forms.CharField(min_length=3, max_length=200)
    content = forms.CharField(
        min_length=10,
        max_length=10_000,
        widget=forms.Textarea,
        help_text="Allowed HTML: p, br, strong, em, ul, ol, li, blockquote, code, pre and links.",
    )

    class Meta:
        model = Post
        fields = ("title", "content")
