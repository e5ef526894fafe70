"""Requests sent at the same moment, for the tests of races.

Real threads, each with its own database connection (closed at the end of the
thread), all released at once by a barrier.
"""

import threading

from django.db import connection


def at_once(requests):
    """Run each request (a function of no argument returning a response) in its own thread; the statuses."""
    barrier = threading.Barrier(len(requests))
    answers = []

    def run(request):
        try:
            barrier.wait(timeout=30)
            answers.append(request().status_code)  # a 500 raises here: its thread has no answer
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(answers)
