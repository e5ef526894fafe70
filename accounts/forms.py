from django import forms
from django.contrib.auth.forms import UserCreationForm

from accounts.models import User


class RegisterForm(UserCreationForm):
    """Username rules and case-insensitive uniqueness come from the model and
    UserCreationForm; the email is normalised here and checked unique by the
    model, so admin, site and API share the same rules."""

    email = forms.EmailField(max_length=254)

    class Meta:
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])
