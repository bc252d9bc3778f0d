"""Benchmarks: a synthetic database at realistic scale, and the API's latency against it.

`python manage.py bench_generate` fills an empty database; `python manage.py bench_api` times
the API's lists and filters against the raw-SQL floor. See bench/README.md.
"""
