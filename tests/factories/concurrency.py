"""Running work in threads released at the same moment, for the race tests."""

import threading

from django.db import connections


def at_the_same_moment(*works, timeout=120):
    """Run each callable of ``works`` in its own thread, all released together.

    Returns what each returned, in order; an exception is returned as its
    ``repr`` so that the test's assertion shows it (never swallowed). Each
    thread closes its own database connections.
    """
    barrier = threading.Barrier(len(works))
    outcomes = [None] * len(works)

    def run(index, work):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = work()
        except Exception as exc:  # reported in the outcomes
            outcomes[index] = repr(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, work))
        for index, work in enumerate(works)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
