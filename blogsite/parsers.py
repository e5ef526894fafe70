"""The API's JSON parser."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser; a body nested deeper than Python's parser can recurse is a 400, not a 500.

    A few kilobytes of "[[[[..." made json.load() raise RecursionError, which
    DRF lets through. A subclass, not another parser: DRF checks the body's
    size and charset for its own JSONParser and its subclasses only.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
