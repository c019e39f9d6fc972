"""Loopback TCP ports: picking free ones and telling whether one is taken."""

from __future__ import annotations

import contextlib
import socket

LOOPBACK = "127.0.0.1"


def pick_free_ports(count: int) -> list[int]:
    """Ports free right now; all sockets stay open until every port is picked, so none repeat."""
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((LOOPBACK, 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def is_port_free(port: int) -> bool:
    """True when nothing listens on the loopback port and it can be bound."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, contextlib.suppress(OSError):
        sock.settimeout(0.2)
        if sock.connect_ex((LOOPBACK, port)) == 0:
            return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Go servers set SO_REUSEADDR, so a port in TIME_WAIT is free for them too.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True
