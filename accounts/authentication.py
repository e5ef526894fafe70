"""Bearer-token authentication for the API: simplejwt's, refusing what it let fail.

simplejwt looks a token's user up with the id as the token has it. An id that
is not a number (a token signed with our key but not made by us) failed the
lookup with an exception, a 500; here it is a 401, as for a user not found.

Its own module, imported by DRF through DEFAULT_AUTHENTICATION_CLASSES: a
module that imports DRF's views (as accounts.api does) cannot be, since the
views read that setting while they are imported.
"""

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import authentication


class JWTAuthentication(authentication.JWTAuthentication):
    def get_user(self, validated_token):
        try:
            return super().get_user(validated_token)
        except (ValueError, TypeError):
            # Django refusing the lookup's value: not a user id.
            raise AuthenticationFailed("User not found", code="user_not_found") from None
