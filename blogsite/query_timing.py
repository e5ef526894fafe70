"""Counting and timing each request's queries, for Server-Timing and /api/server-info/.

Django runs a connection's `execute_wrappers` around every query it makes.
Rather than putting a timer on every connection at the start of each request
and taking it off at the end (two walks over Django's connection handler per
request, a cached page that makes no query included), one wrapper goes on
each connection when it is opened (the connection_created signal, connected
in BlogsiteConfig.ready) and stays for the connection's life. It hands each
query to the timer of the request being served: a context variable that
ServerTimingMiddleware sets for the request and resets after it. Outside a
request (a command, a task, a test's own queries) it passes the query through.
"""

import contextvars
import time

current_timer: contextvars.ContextVar["QueryTimer | None"] = contextvars.ContextVar("query_timer", default=None)


class QueryTimer:
    """One request's queries: how many, and their time added up."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0


def time_query(execute, sql, params, many, context):
    """The execute wrapper on every connection: counts and times the query for the request being served."""
    timer = current_timer.get()
    if timer is None:
        return execute(sql, params, many, context)
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        timer.queries += 1
        timer.seconds += time.perf_counter() - start


def install_query_timing(*, connection, **kwargs) -> None:
    """connection_created's receiver. A connection that closes and opens again keeps its one wrapper.

    First in the list, not last: a connection may open inside a
    `with connection.execute_wrapper(other):` block, which pops the last
    wrapper when it ends, and must take off its own, not this one.
    """
    if time_query not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, time_query)
