"""WSGI middleware around the Django application (blogsite.wsgi): request bodies are read to their end."""

# The most of a request body read away after the app has answered (see
# below): twice nginx's client_max_body_size, so all that nginx lets through.
UNREAD_BODY_MAX = 4 * 1024 * 1024
_CHUNK = 64 * 1024


def read_away_the_unread_body(app):
    """Wrap a WSGI app: what it left unread of the request body is read, and dropped, before its answer goes out.

    A view may answer without reading the body: a 401 or a CSRF 403 before
    any parsing, Django's 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE.
    gunicorn then closed the connection with body bytes still unread, the
    kernel reset it, and nginx, still sending that body, saw its write fail:
    an upstream error, counted against the instance (max_fails). A client
    sending bodies of a megabyte or two could take every instance out of
    nginx for fail_timeout, and other clients got 503s. Django's runserver
    reads the rest for the same reason. gunicorn sends nothing until the
    first piece of the answer is written, so this read comes first.
    """

    def application(environ, start_response):
        response = app(environ, start_response)
        if environ.get("CONTENT_LENGTH") or environ.get("HTTP_TRANSFER_ENCODING"):
            body, left = environ["wsgi.input"], UNREAD_BODY_MAX
            try:
                while left > 0 and (chunk := body.read(min(_CHUNK, left))):
                    left -= len(chunk)
            except OSError:
                # The client went away, or sent a broken chunk (gunicorn's body
                # errors are OSErrors): the answer goes out all the same, and
                # gunicorn closes the connection.
                pass
        return response

    return application
