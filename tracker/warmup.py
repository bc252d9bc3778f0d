"""What a serving process does once, before its first request."""

import gc

from django.urls import get_resolver


def prepare_process() -> None:
    """Import every view now, then keep what start-up made out of the garbage collector's way.

    A full collection walks every object in the process, and start-up leaves large ones (the
    vocabularies, pycountry's tables, the ingestion gazetteers): about 90 ms, once every 15 or
    so API requests, measured in bench/README.md. `gc.freeze()` moves them to a generation the
    collector skips; what requests allocate is collected as before.
    """
    get_resolver().url_patterns  # noqa: B018 -- loads the URLconf, and with it the views
    gc.collect()
    gc.freeze()
