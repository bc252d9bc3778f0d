"""The API's latency against the raw-SQL floor, in process, as a partner organisation.

For each case (a list, a filter, an export, the statistics), a request goes through the whole
Django stack (middleware, token authentication, throttling, filters, serializers) with
django.test.Client. The floor is the same page fetched with raw SQL through psycopg: the
SELECT statements that build the response, with the same columns, WHERE, ORDER and LIMIT,
replayed on a separate connection. Their sum is what the database cannot avoid doing; the
ratio between the two is what Django, DRF and our code cost on top. Statements about the caller
(token, user, groups) are left out of the floor: they do not return the page.
"""

import json
import math
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urlencode

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from incidents.choices import Disclosure
from incidents.models import Actor, Incident, Violation
from sources.models import Citation
from tracker import roles

API = "/api/v1/"
# Targets of issue 4 at 100,000 incidents on PostgreSQL.
TARGET_MEDIAN_MS = 50.0
TARGET_RATIO = 3.0
# Statements about the caller, not the page: kept out of the floor.
CALLER_TABLES = re.compile(
    r'"(auth_\w+|tracker_apitoken|django_session|django_content_type|axes_\w+|otp_\w+)"'
)
# The token's last use is written at most once a minute (tracker.models.LAST_USE_RESOLUTION):
# left out of the query counts, which would otherwise differ from one run to the next.
TOKEN_USE = re.compile(r'^\s*(UPDATE "tracker_apitoken"|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)')


@dataclass
class Case:
    """One request to time. `paged` lists also have their query count checked at 10 and 100 rows."""

    name: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    paged: bool = True
    # Empty the cache before each request, to time what a cached response saves.
    cold: bool = False

    def url(self, **extra: str) -> str:
        params = {**self.params, **extra}
        return API + self.path + ("?" + urlencode(params) if params else "")


@dataclass
class Result:
    case: Case
    rows: int
    queries: int
    api_ms: list[float]
    floor_ms: list[float]
    queries_by_page_size: dict[int, int]
    slowest_sql: str
    slowest_sql_ms: float

    @property
    def api_median(self) -> float:
        return statistics.median(self.api_ms)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor_ms) if self.floor_ms else math.nan

    @property
    def ratio(self) -> float:
        return self.api_median / self.floor_median if self.floor_ms and self.floor_median > 0 else math.nan

    @property
    def flat(self) -> bool:
        """The query count does not grow with the page size."""
        return len(set(self.queries_by_page_size.values())) <= 1

    @property
    def misses(self) -> list[str]:
        missed = []
        if self.api_median > TARGET_MEDIAN_MS:
            missed.append(f"median {self.api_median:.0f} ms > {TARGET_MEDIAN_MS:.0f}")
        if self.ratio > TARGET_RATIO:
            missed.append(f"ratio {self.ratio:.1f} > {TARGET_RATIO:.0f}")
        if not self.flat:
            missed.append("queries grow with page size")
        return missed


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else math.nan


def filter_values() -> dict[str, str]:
    """Filter values that select something a partner may see, picked from the data."""
    public = Incident.objects.filter(disclosure=Disclosure.PUBLIC)
    country = public.values("country").annotate(n=Count("pk")).order_by("-n", "country")[0]["country"]
    region = (
        public.filter(country=country)
        .exclude(region="")
        .values("region")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )[0]["region"]
    public_violations = Violation.objects.filter(incident__disclosure=Disclosure.PUBLIC)
    violation_type = (
        public_violations.values("violation_type__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "violation_type__code")
    )[0]["violation_type__code"]
    victim = (
        public_violations.values("victim__pseudonym")
        .annotate(n=Count("pk"))
        .order_by("-n", "victim__pseudonym")
    )[0]["victim__pseudonym"]
    perpetrator = (
        Actor.objects.filter(involvements__violation__incident__disclosure=Disclosure.PUBLIC)
        .annotate(n=Count("involvements"))
        .order_by("-n", "pk")
        .values_list("pk", "actor_type__code")[0]
    )
    source = (
        Citation.objects.filter(content_type__model="incident", object_id__in=public.values("pk"))
        .order_by("source_id")
        .values_list("source_id", flat=True)[0]
    )
    return {
        "country": country,
        "region": region,
        "violation_type": violation_type,
        "victim": victim,
        "perpetrator": str(perpetrator[0]),
        "perpetrator_type": perpetrator[1],
        "source": str(source),
    }


def cases(values: dict[str, str]) -> list[Case]:
    """The main lists and filters: every incident filter, one filter on each other list, exports."""
    incident_filters = {
        "date_after": "2024-01-01",
        "date_before": "2005-12-31",
        "country": values["country"],
        "region": values["region"],
        "violation_type": values["violation_type"],
        "perpetrator": values["perpetrator"],
        "perpetrator_type": values["perpetrator_type"],
        "state_actor": "false",
        "victim": values["victim"],
        "victim_group": "journalists",
        "victim_kind": "group",
        "status": "verified",
        "source": values["source"],
        "has_response": "true",
        "bbox": "39.5,42.5,47.5,44.5",
        "updated_after": "2025-12-01T00:00:00Z",
        "search": "torture",
    }
    return [
        # The smallest request there is: what the stack costs (middleware, the token, the
        # caller's role, throttling, filters, one row), whatever the page. It bounds the ratio:
        # a page whose SQL takes less than half this cannot be within 3x its floor.
        Case("one brief incident", "incidents/", {"brief": "1", "page_size": "1"}, paged=False),
        Case("incidents", "incidents/"),
        Case("incidents brief", "incidents/", {"brief": "1"}),
        *(
            Case(f"incidents ?{name}", "incidents/", {name: value})
            for name, value in incident_filters.items()
        ),
        Case(
            "incidents ?country&date_after&status",
            "incidents/",
            {"country": values["country"], "date_after": "2015-01-01", "status": "verified"},
        ),
        Case("violations", "violations/"),
        Case("violations ?violation_type", "violations/", {"violation_type": values["violation_type"]}),
        Case("victims", "victims/"),
        Case("victims ?kind=group", "victims/", {"kind": "group"}),
        Case("perpetrators", "perpetrators/"),
        Case("perpetrators ?state_actor", "perpetrators/", {"state_actor": "true"}),
        Case("sources", "sources/"),
        Case("sources ?published_after", "sources/", {"published_after": "2024-01-01"}),
        Case("advocacy-responses", "advocacy-responses/"),
        Case("advocacy-responses ?country", "advocacy-responses/", {"country": values["country"]}),
        Case(
            "incidents CSV ?region", "incidents/", {"format": "csv", "region": values["region"]}, paged=False
        ),
        Case("stats", "stats/", paged=False),
        Case("stats ?country", "stats/", {"country": values["country"]}, paged=False),
        Case("stats, not cached", "stats/", paged=False, cold=True),
        Case("stats ?country, not cached", "stats/", {"country": values["country"]}, paged=False, cold=True),
    ]


def partner_token(username: str) -> str:
    """A token for a member of the Partners role, made for the benchmark if need be."""
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": False})
    user.groups.add(Group.objects.get(name=roles.PARTNERS))
    out = StringIO()
    call_command("issue_token", username, "--organisation", "Benchmark", stdout=out)
    return out.getvalue().strip()


def psycopg_connection() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        # The app's own session settings (jit=off, tracker/settings.py), so the floor runs alike.
        options=db.get("OPTIONS", {}).get("options") or None,
        autocommit=True,
    )


class Bench:
    def __init__(self, *, token: str, repeat: int, warmup: int) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        self.repeat = repeat
        self.warmup = warmup
        # Another connection sees nothing of an open transaction's rows (a test's, say) and may
        # wait on its locks: the floor is for committed databases only.
        committed = not connection.in_atomic_block
        self.raw = psycopg_connection() if connection.vendor == "postgresql" and committed else None

    def request(self, url: str, *, cold: bool = False) -> tuple[int, bytes]:
        if cold:
            cache.clear()
        response = self.client.get(url, secure=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body

    def captured(self, url: str, *, cold: bool = False) -> tuple[bytes, list[str]]:
        """The response and the SQL statements it took (the token's last-use write aside)."""
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status, body = self.request(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}: {body[:300]!r}")
        return body, [query["sql"] for query in queries.captured_queries if not TOKEN_USE.match(query["sql"])]

    @staticmethod
    def once(action: Callable[[], object]) -> float:
        started = time.perf_counter()
        action()
        return (time.perf_counter() - started) * 1000

    def timed(self, action: Callable[[], object]) -> list[float]:
        for _ in range(self.warmup):
            action()
        return [self.once(action) for _ in range(self.repeat)]

    def run(self, case: Case) -> Result:
        url = case.url()
        api_ms = self.timed(lambda: self.request(url, cold=case.cold))
        # After the warm-up: the first request also fills caches (content types, say).
        body, sql = self.captured(url, cold=case.cold)
        page = [s for s in sql if s.lstrip().upper().startswith("SELECT") and not CALLER_TABLES.search(s)]
        floor_ms, slowest, slowest_ms = [], "", 0.0
        if self.raw is not None:
            floor_ms = self.timed(lambda: self.replay(page))
            for statement in page:
                # A few runs are enough to tell the slowest statement; the floor above is the figure.
                took = min(self.once(lambda statement=statement: self.replay([statement])) for _ in range(3))
                if took > slowest_ms:
                    slowest, slowest_ms = statement, took
        by_size = {}
        if case.paged:
            for size in (10, 100):
                by_size[size] = len(self.captured(case.url(page_size=str(size)))[1])
        return Result(case, rows(case, body), len(sql), api_ms, floor_ms, by_size, slowest, slowest_ms)

    def replay(self, statements: list[str]) -> None:
        with self.raw.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                if cursor.description is not None:
                    cursor.fetchall()

    def explain(self, statement: str) -> str:
        with self.raw.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
            return "\n".join(line for (line,) in cursor.fetchall())


def rows(case: Case, body: bytes) -> int:
    if case.params.get("format") == "csv":
        return max(0, body.decode("utf-8").count("\n") - 1)
    document = json.loads(body)
    if "results" in document:
        return len(document["results"])
    return document.get("incidents", 0)


def bench_settings():
    """Settings for timing: no query log (DEBUG), no throttling, the test client's host allowed."""
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000000/hour"}}
    return override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        REST_FRAMEWORK=rest,
        SECURE_SSL_REDIRECT=False,
    )
