"""The HTTP edge to Telegram: retries on server errors and timeouts, so no reply is lost."""

from __future__ import annotations

import asyncio
import logging

from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)
ATTEMPTS = 5
"""Tries per call before giving up (429 is handled by the rate limiter, which also retries)."""
BACKOFF = 0.5
"""Seconds before the second try; doubled each time."""


class RetryingRequest(HTTPXRequest):
    """HTTPXRequest that tries again after a 5xx answer, a timeout or a dropped connection."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send the request, retrying with backoff; the last failure is raised or returned."""
        delay = BACKOFF
        for attempt in range(1, ATTEMPTS + 1):
            try:
                status, body = await super().do_request(
                    url,
                    method,
                    request_data,
                    read_timeout,
                    write_timeout,
                    connect_timeout,
                    pool_timeout,
                )
            except (TimedOut, NetworkError) as error:
                if attempt == ATTEMPTS:
                    raise
                log.warning("Telegram call failed (%s); retry %d", type(error).__name__, attempt)
            else:
                if status < 500 or attempt == ATTEMPTS:
                    return status, body
                log.warning("Telegram answered %d; retry %d", status, attempt)
            await asyncio.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")
