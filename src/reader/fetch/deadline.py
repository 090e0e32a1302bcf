"""A time limit on a whole request: connecting, TLS, sending, the headers and the body.

httpcore gives each socket operation its own timeout, so a server that sends one byte a
second never trips any of them. The network backend here gives every operation the smaller
of its own timeout and the time left before the deadline that the thread doing the I/O has
set with `deadline()`. A sync httpcore pool does a request's I/O on the thread that sends it,
so a connection reused by another request obeys that request's deadline.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

import httpcore

_T = TypeVar("_T")
_DEADLINE: ContextVar[float | None] = ContextVar("reader_fetch_deadline", default=None)


class DeadlineExceeded(httpcore.TimeoutException):
    """The time limit of the whole request passed (not the timeout of one operation)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Network operations on this thread, inside the block, end within `seconds` in all."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _within_deadline(operation: Callable[[float | None], _T], timeout: float | None) -> _T:
    """Run `operation(timeout)` with the timeout cut down to the time left, if that is less."""
    end = _DEADLINE.get()
    if end is None:
        return operation(timeout)
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("total time limit reached")
    if timeout is not None and timeout <= left:
        return operation(timeout)
    try:
        return operation(left)
    except httpcore.TimeoutException:
        raise DeadlineExceeded("total time limit reached") from None


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the current deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _within_deadline(lambda t: self._stream.read(max_bytes, t), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _within_deadline(lambda t: self._stream.write(buffer, t), timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = _within_deadline(
            lambda t: self._stream.start_tls(ssl_context, server_hostname, t), timeout
        )
        return DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a backend (the socket one by default) so that its TCP streams obey the deadline.

    Unix sockets are not offered: the fetcher never uses them.
    """

    def __init__(self, backend: httpcore.NetworkBackend | None = None) -> None:
        self._backend = backend or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = _within_deadline(
            lambda t: self._backend.connect_tcp(host, port, t, local_address, socket_options),
            timeout,
        )
        return DeadlineStream(stream)
