"""The reference for the live figures: a raw `websockets` broadcast server relaying through Redis pub/sub.

Run two of these (different ports, same channel): a message a client sends to either is published
to Redis, and every process writes it to all its sockets with `websockets.broadcast` (encoded
once). No auth, no database, no presence: the raw limit the fair's stack is compared with.

    python bench/raw_server.py PORT REDIS_URL CHANNEL
"""

import asyncio
import json
import sys

import redis.asyncio as redis
from websockets.asyncio.server import broadcast, serve

CLIENTS: set = set()


async def main(port: int, redis_url: str, channel: str) -> None:
    publisher = redis.from_url(redis_url)
    subscriber = redis.from_url(redis_url).pubsub()
    await subscriber.subscribe(channel)

    async def relay():
        async for message in subscriber.listen():
            if message["type"] == "message":
                broadcast(CLIENTS, message["data"].decode())

    async def handler(socket):
        CLIENTS.add(socket)
        try:
            await socket.send(json.dumps({"type": "hello"}))
            async for text in socket:
                message = json.loads(text)
                if message.get("type") == "announce":
                    await publisher.publish(channel, json.dumps({"type": "announcement", "text": message["text"],
                                                                 "id": message.get("id", 0)}))
                elif message.get("type") == "echo":  # the round trip the order figure is compared with
                    await publisher.publish(channel, json.dumps({"type": "echo", "text": message["text"]}))
        finally:
            CLIENTS.discard(socket)

    relay_task = asyncio.ensure_future(relay())
    async with serve(handler, "127.0.0.1", port, max_size=65536, ping_interval=None):
        await asyncio.Future()
    relay_task.cancel()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3]))
