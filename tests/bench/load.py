"""A closed-loop load generator: `concurrency` workers share a fixed list of requests, each
sending its next request when the previous answer arrives. Bounded in count and in time."""

import asyncio
import math
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx


@dataclass
class LoadResult:
    name: str
    sent: int = 0
    # Response status codes by count; transport failures by exception name.
    statuses: Counter = field(default_factory=Counter)
    # Latencies of the successful (2xx) requests only, in milliseconds.
    latencies_ms: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0
    stopped_by_time: bool = False

    @property
    def ok(self) -> int:
        return len(self.latencies_ms)

    @property
    def errors(self) -> int:
        return self.sent - self.ok

    @property
    def per_second(self) -> float:
        return self.ok / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, fraction: float) -> float:
        """Nearest rank: the smallest latency at or above `fraction` of the requests."""
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]

    def summary(self) -> dict:
        return {
            "requests": self.sent,
            "errors": self.errors,
            "per_second": round(self.per_second, 2),
            "p50_ms": round(self.percentile(0.50), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "elapsed_s": round(self.elapsed_s, 3),
            "stopped_by_time": self.stopped_by_time,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)},
        }


def http_client(base_url: str, concurrency: int) -> httpx.AsyncClient:
    # One kept-alive connection per worker, as a portal behind a proxy would hold them.
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0)


async def timed_request(
    client: httpx.AsyncClient, result: LoadResult, method: str, path: str, **kwargs
) -> httpx.Response | None:
    """Sends one request and records it in `result`; the response, None on a transport
    failure."""
    started = time.perf_counter()
    try:
        response = await client.request(method, path, **kwargs)
        status: int | str = response.status_code
    except httpx.HTTPError as error:
        response, status = None, type(error).__name__
    latency_ms = (time.perf_counter() - started) * 1000
    result.sent += 1
    result.statuses[status] += 1
    if isinstance(status, int) and 200 <= status < 300:
        result.latencies_ms.append(latency_ms)
    return response


async def run_load(
    client: httpx.AsyncClient,
    name: str,
    method: str,
    path: str,
    bodies: list[dict | None],
    concurrency: int,
    time_limit_s: float,
) -> LoadResult:
    """Sends one request per item of `bodies` (None: no body) and times each one."""
    result = LoadResult(name)
    pending = iter(bodies)  # shared by the workers; next() never awaits, so no lock
    deadline = time.perf_counter() + time_limit_s

    async def worker() -> None:
        for body in pending:
            if time.perf_counter() > deadline:
                result.stopped_by_time = True
                return
            await timed_request(client, result, method, path, json=body)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.elapsed_s = time.perf_counter() - started
    return result
