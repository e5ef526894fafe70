import io
import logging

import pytest


@pytest.fixture
def console_log():
    """What the configured console handler (settings.LOGGING) writes, with INFO on for our loggers."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    access_logger = logging.getLogger("blogsite.access")
    old_level = access_logger.level
    access_logger.setLevel(logging.INFO)
    yield stream
    access_logger.setLevel(old_level)
    handler.setStream(old_stream)
