"""The test suite must not reach the network: the guard in tests/conftest.py is on."""

from __future__ import annotations

import socket
import threading

import pytest


def test_connection_off_the_machine_is_refused() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(OSError, match="network access blocked"):
            sock.connect(("192.0.2.10", 80))  # TEST-NET-1, never routed
    finally:
        sock.close()


def test_loopback_is_allowed() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted: list[bytes] = []

    def serve() -> None:
        conn, _ = server.accept()
        accepted.append(conn.recv(5))
        conn.close()

    worker = threading.Thread(target=serve)
    worker.start()
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    client.sendall(b"hello")
    client.close()
    worker.join(timeout=5)
    server.close()
    assert accepted == [b"hello"]
