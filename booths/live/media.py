"""The media server behind a small interface: an SFU that takes one upload from the producer's phone and forwards it
to every viewer. `JanusMediaServer` speaks to our own Janus (VideoRoom) over its HTTP API, server side only; another
SFU (LiveKit, mediasoup) would be one more class with the same three calls.

Each WebRTC leg (the publisher's, each viewer's) is one `MediaLeg`: it owns a Janus session whose events are read by
a long poll (which also keeps the session alive). When Janus stops answering, the leg's `lost` event is set, which
is how the fair learns a stream was interrupted.
"""

import asyncio
import itertools
import logging
import secrets
from dataclasses import dataclass, field
from typing import Protocol

import httpx
from django.conf import settings

log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would log the long poll's api secret

LAYERS = ("auto", "high", "medium", "low", "audio")  # what a viewer may ask for (auto: chosen from measured bandwidth)
SUBSTREAM = {"high": 2, "medium": 1, "low": 0}


class MediaUnavailable(Exception):
    """The media server is not configured or does not answer."""


class MediaError(Exception):
    """The media server refused something (its words in the message)."""


class MediaLeg(Protocol):
    lost: asyncio.Event  # set when the media server went away (or hung up this leg)
    up: asyncio.Event  # set when media flows on this leg

    async def close(self) -> None: ...


class Publication(MediaLeg, Protocol):
    answer: str  # the SDP answer for the publisher's offer


class Subscription(MediaLeg, Protocol):
    offer: str  # the SDP offer for the viewer, who answers with `start`

    async def start(self, answer: str) -> None: ...

    async def choose_layer(self, layer: str) -> None: ...


class MediaServer(Protocol):
    name: str

    async def publish(self, *, room: int, feed: int, display: str, offer: str, record_dir: str | None = None) -> Publication:
        """Open (or recreate) the booth's room and publish the phone's offer into it as `feed`."""

    async def subscribe(self, *, room: int, feed: int) -> Subscription:
        """A viewer's leg of `feed`: the server's offer, to be answered."""

    async def healthy(self) -> bool: ...


_transactions = itertools.count(1)


@dataclass
class _JanusLeg:
    """One Janus session with one VideoRoom handle, its events read by a long poll."""

    server: "JanusMediaServer"
    client: httpx.AsyncClient
    session: int = 0
    handle: int = 0
    events: asyncio.Queue = field(default_factory=asyncio.Queue)
    lost: asyncio.Event = field(default_factory=asyncio.Event)
    up: asyncio.Event = field(default_factory=asyncio.Event)  # media flows (Janus's webrtcup)
    closed: bool = False
    poller: asyncio.Task | None = None
    answer: str = ""
    offer: str = ""
    video_mid: str | None = None

    async def call(self, body: dict, *, path: str = "", jsep: dict | None = None) -> dict:
        request = {**body, "transaction": f"t{next(_transactions)}", "apisecret": self.server.secret}
        if jsep:
            request["jsep"] = jsep
        try:
            response = await self.client.post(self.server.url + path, json=request, timeout=10)
        except httpx.HTTPError as error:
            raise MediaUnavailable(f"Janus does not answer: {error}") from error
        answer = response.json()
        if answer.get("janus") == "error":
            raise MediaError(answer["error"].get("reason", "Janus error"))
        return answer

    async def open(self) -> None:
        self.session = (await self.call({"janus": "create"}))["data"]["id"]
        attached = await self.call({"janus": "attach", "plugin": "janus.plugin.videoroom"}, path=f"/{self.session}")
        self.handle = attached["data"]["id"]
        self.poller = asyncio.create_task(self.poll())

    async def message(self, body: dict, jsep: dict | None = None) -> dict:
        """A VideoRoom request: synchronous ones answer at once, the others with an event on the long poll."""
        answer = await self.call({"janus": "message", "body": body}, path=f"/{self.session}/{self.handle}", jsep=jsep)
        if answer.get("janus") == "success":
            data = answer["plugindata"]["data"]
            if data.get("error"):
                raise MediaError(data["error"])
            return {"data": data}
        return await self.event_for(answer["transaction"])

    async def event_for(self, transaction: str, timeout: float = 20) -> dict:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0 or self.lost.is_set():
                raise MediaUnavailable("Janus did not answer in time")
            try:
                event = await asyncio.wait_for(self.events.get(), left)
            except TimeoutError:
                continue
            if event.get("transaction") == transaction and event.get("janus") == "event":
                data = event["plugindata"]["data"]
                if data.get("error"):
                    raise MediaError(data["error"])
                return {"data": data, "jsep": event.get("jsep")}

    async def poll(self) -> None:
        """Read the session's events until it is closed; Janus gone (refused, reset, timed out twice) sets `lost`."""
        failures = 0
        while not self.closed:
            try:
                response = await self.client.get(f"{self.server.url}/{self.session}",
                                                 params={"maxev": 10, "apisecret": self.server.secret}, timeout=40)
                found = response.json()
                failures = 0
            except (httpx.HTTPError, ValueError):
                failures += 1
                if self.closed:
                    return
                if failures >= 2 or not await self.server.healthy():
                    self.lost.set()
                    return
                continue
            for event in found if isinstance(found, list) else [found]:
                if event.get("janus") == "error" and not self.closed:  # the session is gone (Janus restarted)
                    self.lost.set()
                    return
                if event.get("janus") == "hangup" and not self.closed:
                    self.lost.set()
                if event.get("janus") == "webrtcup":
                    self.up.set()
                await self.events.put(event)

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            await self.call({"janus": "destroy"}, path=f"/{self.session}")
        except (MediaUnavailable, MediaError):
            pass
        if self.poller:
            self.poller.cancel()
        await self.client.aclose()

    # Subscription
    async def start(self, answer: str) -> None:
        await self.message({"request": "start"}, jsep={"type": "answer", "sdp": answer})

    async def choose_layer(self, layer: str) -> None:
        if self.video_mid is None:
            return
        if layer == "audio":
            stream = {"mid": self.video_mid, "send": False}
        else:
            stream = {"mid": self.video_mid, "send": True}
            if layer in SUBSTREAM:
                stream["substream"] = SUBSTREAM[layer]
        await self.message({"request": "configure", "streams": [stream]})


class JanusMediaServer:
    """Janus's VideoRoom, through its HTTP API on loopback (never exposed to browsers)."""

    name = "janus"

    def __init__(self, url: str, secret: str):
        self.url, self.secret = url.rstrip("/"), secret

    async def leg(self) -> _JanusLeg:
        leg = _JanusLeg(server=self, client=httpx.AsyncClient())
        try:
            await leg.open()
        except BaseException:
            await leg.client.aclose()
            raise
        return leg

    async def publish(self, *, room: int, feed: int, display: str, offer: str, record_dir: str | None = None) -> _JanusLeg:
        leg = await self.leg()
        try:
            # A fresh room per go-live: whoever was left in the booth's old room (a dropped phone) is gone.
            exists = await leg.message({"request": "exists", "room": room})
            if exists["data"].get("exists"):
                await leg.message({"request": "destroy", "room": room})
            create = {"request": "create", "room": room, "publishers": 1, "audiocodec": "opus", "videocodec": "vp8",
                      "bitrate": 1_500_000, "fir_freq": 3, "notify_joining": False}
            if record_dir:
                create.update({"record": True, "rec_dir": record_dir})
            await leg.message(create)
            joined = await leg.message({"request": "joinandconfigure", "room": room, "ptype": "publisher", "id": feed,
                                        "display": display[:60], "audio": True, "video": True},
                                       jsep={"type": "offer", "sdp": offer})
            if not joined.get("jsep"):
                raise MediaError("Janus gave no answer to the offer")
            leg.answer = joined["jsep"]["sdp"]
            return leg
        except BaseException:
            await leg.close()
            raise

    async def subscribe(self, *, room: int, feed: int) -> _JanusLeg:
        leg = await self.leg()
        try:
            attached = await leg.message({"request": "join", "room": room, "ptype": "subscriber",
                                          "streams": [{"feed": feed}], "use_msid": False})
            if not attached.get("jsep"):
                raise MediaError("Janus gave no offer")
            leg.offer = attached["jsep"]["sdp"]
            for stream in attached["data"].get("streams", []):
                if stream.get("type") == "video":
                    leg.video_mid = stream.get("mid")
            return leg
        except BaseException:
            await leg.close()
            raise

    async def healthy(self) -> bool:
        try:
            async with httpx.AsyncClient() as client:
                response = await client.post(self.url, json={"janus": "info", "transaction": secrets.token_hex(4),
                                                             "apisecret": self.secret}, timeout=3)
            return response.json().get("janus") == "server_info"
        except (httpx.HTTPError, ValueError):
            return False


_server: MediaServer | None = None


def media_server() -> MediaServer | None:
    """The fair's media server, or None when there is none (then live video is not available; calls still work)."""
    global _server
    url = getattr(settings, "LIVE_MEDIA_URL", "")
    if not url:
        return None
    if _server is None or getattr(_server, "url", None) != url.rstrip("/"):
        _server = JanusMediaServer(url, settings.LIVE_MEDIA_SECRET)
    return _server
