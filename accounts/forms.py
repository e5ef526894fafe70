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


class ProfileForm(forms.ModelForm):
    """The fields a user changes on their profile page, as PATCH /api/users/me/ does: email and city.

    Bound to a copy of the user (the view's get_form_kwargs): a ModelForm
    writes the input onto its instance while validating, and request.user
    must not show an email that was refused. The email is checked unique as
    it is stored, lower case: the model's clean() (AbstractUser's) normalises
    it with UserManager.normalize_email before the unique check.

    Each field carries the value it was shown with (show_hidden_initial), so
    changed_data names only what the user changed on this page, and only
    that is written: a city saved in another tab meanwhile is not put back.
    """

    class Meta:
        model = User
        fields = ("email", "city")
        help_texts = {"city": "The dashboard shows this city's weather. Leave it empty for none."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True
