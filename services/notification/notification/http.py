"""The HTTP client of notification's outgoing calls (Kannel's sendsms, the health book): one
aiohttp session per worker with kept-alive connections, made on first use inside the event
loop. aiohttp rather than httpx: a request costs about a tenth of the CPU (python -m
tests.bench.sms), and the SMS dispatcher's throughput is its CPU."""

import aiohttp

# What a failed call raises: the connection, the protocol, or the timeout.
FAILURES = (aiohttp.ClientError, TimeoutError)


class HttpClient:
    def __init__(self, timeout_seconds: float, connections: int):
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
