import factory

from accounts.models import User
from posts.models import Post

DEFAULT_PASSWORD = "Passw0rd!x"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Post number {n}")
    # Fixed words, not Faker's: a random word could match a search or a "not in page" check.
    content = factory.Sequence(lambda n: f"<p>The body of post number {n}, long enough to be valid.</p>")
    author = factory.SubFactory(UserFactory)
