"""Static files storage: WhiteNoise's hashed, compressed files, forgiving when
`collectstatic` has not run yet."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        try:
            return super().url(name, force)
        except ValueError:
            # Not collected yet: link the unhashed name, which WhiteNoise serves
            # from the apps' folders (WHITENOISE_USE_FINDERS), rather than fail
            # every page with a 500. `collectstatic` restores hashed names.
            return f"{self.base_url}{name}"
