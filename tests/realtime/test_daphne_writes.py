"""daphne's sockets send a websocket frame at once (fair/asgi.py): a write to a TCP connection with nothing waiting
goes to the kernel in the call, not on the next turn of the event loop; what the kernel does not take waits in
Twisted's buffer, and everything arrives in the order written."""

import socket

import pytest
from twisted.internet import tcp
from twisted.internet.testing import MemoryReactor

import fair.asgi  # noqa: F401 - what daphne imports: it sets the write path


@pytest.fixture
def pair():
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    theirs.setblocking(False)
    reactor = MemoryReactor()
    connection = tcp.Connection(ours, None, reactor)
    connection.connected = True
    yield connection, theirs, reactor
    ours.close()
    theirs.close()


def received(peer) -> bytes:
    found = b""
    while True:
        try:
            piece = peer.recv(1 << 20)
        except BlockingIOError:
            return found
        if not piece:
            return found
        found += piece


def test_a_frame_goes_out_in_the_call_without_waiting_for_the_loop(pair):
    connection, peer, reactor = pair
    connection.write(b'{"type": "presence.update"}')
    assert received(peer) == b'{"type": "presence.update"}'
    assert reactor.getWriters() == []  # nothing left to write later


def test_what_the_kernel_does_not_take_waits_and_arrives_in_order(pair):
    connection, peer, reactor = pair
    big = bytes(range(256)) * 40_000  # 10 MB: more than the kernel's socket buffers hold
    connection.write(big)
    connection.write(b"after")  # written while the rest of `big` waits: must come after it
    assert reactor.getWriters() == [connection]
    got = b""
    while connection.dataBuffer[connection.offset:] or connection._tempDataBuffer:
        got += received(peer)
        connection.doWrite()
    got += received(peer)
    assert got == big + b"after"
