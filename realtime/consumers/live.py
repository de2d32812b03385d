"""Live selling on the sockets: the producer's console publishes (its phone's offer relayed to the media server), the
booth's visitors watch (the media server's offer relayed to them). The browser never talks to the media server's API:
this socket checks who may publish or watch, hands out short-lived tokens and carries the SDP both ways; the media
travels between the browser and the media server directly (ICE)."""

import asyncio
import logging

from channels.db import database_sync_to_async

from booths import selectors as catalogue
from booths.live import selectors as live
from booths.live import services as streams
from booths.live.media import LAYERS, MediaError, MediaUnavailable, media_server
from fair import groups
from fair.errors import ClientError
from fair.events import notify
from realtime import presence, protocol

log = logging.getLogger(__name__)


def _unavailable() -> ClientError:
    return ClientError("live_unavailable", str(protocol.ERROR_CODES["live_unavailable"]))


def _media_failed(error: Exception) -> ClientError:
    log.warning("Media server: %s", error)
    return ClientError("media_failed", str(protocol.ERROR_CODES["media_failed"]))


async def viewers_changed(booth_id: int, producer_id: int, slug: str, stream_id: int) -> None:
    """Everyone in the booth and the producer's consoles learn how many watch now."""
    count = await presence.backend().count(presence.live_key(stream_id))
    event = {"type": "live.viewers", "booth": slug, "stream": stream_id, "viewers": count}
    await notify(groups.booth_group(booth_id), event)
    await notify(groups.producer_group(producer_id), event)


class LivePublisher:
    """The producer's console side (mixed into ProducerConsumer)."""

    publications: dict  # stream id -> (leg, watcher task)

    async def own_booth(self, slug: str):
        booth = await database_sync_to_async(catalogue.producer_booth)(slug=slug, producer_ids=self.producer_ids)
        if booth is None:
            raise ClientError("forbidden", str(protocol.ERROR_CODES["forbidden"]))
        return booth

    async def on_live_start(self, message):
        """The producer goes live: a new stream (starting) and a publish token for this user only."""
        booth = await self.own_booth(message["booth"])
        if media_server() is None:
            raise _unavailable()
        stream = await database_sync_to_async(streams.stream_start)(
            booth=booth, user=self.user, title=message.get("title", ""), session_id=message.get("session"))
        for stream_id in list(getattr(self, "publications", {})):  # this console's older stream of the booth is over
            await self.unpublish(stream_id)
        token = streams.token_make(stream=stream, role=streams.PUBLISH, who=self.user.pk)
        await self.send_json({"type": "live.started", "booth": booth.slug, "stream": stream.pk, "token": token,
                              "ice_servers": streams.ice_servers(who=f"u{self.user.pk}")})

    async def on_live_publish(self, message):
        """The phone's offer, relayed to the media server; its answer back. The stream is live from then on."""
        stream_id = streams.token_check(message["token"], role=streams.PUBLISH, who=self.user.pk)
        stream = await database_sync_to_async(live.stream_get)(stream_id=stream_id)
        if stream is None or stream.booth.producer_id not in self.producer_ids or stream.status != "starting":
            raise ClientError("token_invalid", str(protocol.ERROR_CODES["token_invalid"]))
        server = media_server()
        if server is None:
            raise _unavailable()
        try:
            leg = await server.publish(room=stream.booth_id, feed=stream.pk, display=stream.title or stream.booth.slug,
                                       offer=message["sdp"], record_dir=streams.recording_dir(stream))
        except (MediaUnavailable, MediaError) as error:
            await database_sync_to_async(streams.stream_end)(stream=stream, interrupted=True)
            raise _media_failed(error) from error
        self.publications = getattr(self, "publications", {})
        self.publications[stream.pk] = (leg, asyncio.create_task(self.watch_publication(stream, leg)))
        await self.send_json({"type": "live.published", "stream": stream.pk, "sdp": leg.answer})
        await database_sync_to_async(streams.stream_published)(stream=stream)

    async def watch_publication(self, stream, leg) -> None:
        """The media server went away under a live stream: it is interrupted (viewers see it; the producer may go
        live again)."""
        await leg.lost.wait()
        if self.publications.pop(stream.pk, None) is not None:
            await database_sync_to_async(streams.stream_end)(stream=stream, interrupted=True)
            await leg.close()

    async def unpublish(self, stream_id: int, *, interrupted: bool = False) -> None:
        found = getattr(self, "publications", {}).pop(stream_id, None)
        if found is None:
            return
        leg, watcher = found
        watcher.cancel()
        await leg.close()
        stream = await database_sync_to_async(live.stream_get)(stream_id=stream_id)
        if stream is not None:
            await database_sync_to_async(streams.stream_end)(stream=stream, interrupted=interrupted)
            await database_sync_to_async(streams.stream_finish_recording)(stream=stream)

    async def on_live_pin(self, message):
        """The producer pins a product over the stream (or unpins): every viewer's card changes."""
        booth = await self.own_booth(message["booth"])
        stream = await database_sync_to_async(live.stream_on)(booth_id=booth.id)
        if stream is None:
            raise ClientError("not_live", str(protocol.ERROR_CODES["not_live"]))
        product = None
        if message.get("product"):
            product = await database_sync_to_async(live.booth_product)(booth=booth, slug=message["product"])
            if product is None:
                raise ClientError("unknown_product", str(protocol.ERROR_CODES["unknown_product"]))
        await database_sync_to_async(streams.stream_pin)(stream=stream, product=product)

    async def on_live_stop(self, message):
        """The producer ends the stream."""
        booth = await self.own_booth(message["booth"])
        stream = await database_sync_to_async(live.stream_of_booth_on)(booth=booth)
        if stream is None:
            return
        if stream.pk in getattr(self, "publications", {}):
            await self.unpublish(stream.pk)
        else:  # published from another console (or its socket is gone): the stream ends all the same
            await database_sync_to_async(streams.stream_end)(stream=stream)

    async def live_clean_up(self) -> None:
        """The console's socket closed: its streams are interrupted (the producer goes live again when back)."""
        for stream_id in list(getattr(self, "publications", {})):
            await self.unpublish(stream_id, interrupted=True)


class LiveViewer:
    """The booth visitor's side (mixed into BoothConsumer)."""

    subscription = None
    watching: int | None = None

    async def on_live_status(self, message):
        """The page (re)connected: the booth's live state now, and the viewer count if it is live."""
        stream = await database_sync_to_async(live.stream_latest)(booth=self.booth)
        payload = await database_sync_to_async(streams.state_payload)(
            booth=self.booth, stream=stream, available=media_server() is not None)
        await self.send_json(payload)
        if stream is not None and stream.status == "live":
            count = await presence.backend().count(presence.live_key(stream.pk))
            await self.send_json({"type": "live.viewers", "booth": self.booth.slug, "stream": stream.pk, "viewers": count})

    async def on_live_watch(self, message):
        """The visitor watches: the media server's offer for them, with a watch token bound to this visitor."""
        server = media_server()
        if server is None:
            raise _unavailable()
        stream = await database_sync_to_async(live.stream_on)(booth_id=self.booth.id)
        if stream is None:
            raise ClientError("not_live", str(protocol.ERROR_CODES["not_live"]))
        await self.stop_watching()
        try:
            self.subscription = await server.subscribe(room=self.booth.id, feed=stream.pk)
        except (MediaUnavailable, MediaError) as error:
            raise _media_failed(error) from error
        self.subscription_stream = stream.pk
        token = streams.token_make(stream=stream, role=streams.WATCH, who=self.visitor_id)
        await self.send_json({"type": "live.offer", "stream": stream.pk, "sdp": self.subscription.offer, "token": token,
                              "ice_servers": streams.ice_servers(who=f"v{self.visitor_id[:16]}")})

    async def on_live_subscribe(self, message):
        """The viewer's answer: media flows, and they are counted."""
        stream_id = streams.token_check(message["token"], role=streams.WATCH, who=self.visitor_id)
        if self.subscription is None or stream_id != getattr(self, "subscription_stream", None):
            raise ClientError("token_invalid", str(protocol.ERROR_CODES["token_invalid"]))
        try:
            await self.subscription.start(message["sdp"])
        except (MediaUnavailable, MediaError) as error:
            raise _media_failed(error) from error
        self.watching = stream_id
        await self.mark_present(presence.live_key(stream_id), self.channel_name)
        await viewers_changed(self.booth.id, self.booth.producer_id, self.booth.slug, stream_id)

    async def on_live_layer(self, message):
        """The viewer (or their page, from the measured bandwidth) picks a quality, or audio only."""
        if message["layer"] not in LAYERS:
            raise ClientError("bad_field", str(protocol.ERROR_CODES["bad_field"]))
        if self.subscription is None:
            raise ClientError("not_live", str(protocol.ERROR_CODES["not_live"]))
        try:
            await self.subscription.choose_layer(message["layer"])
        except (MediaUnavailable, MediaError) as error:
            raise _media_failed(error) from error

    async def stop_watching(self) -> None:
        subscription, self.subscription = self.subscription, None
        if subscription is not None:
            await subscription.close()
        if self.watching is not None:
            stream_id, self.watching = self.watching, None
            await self.unmark_present(presence.live_key(stream_id), self.channel_name)
            await viewers_changed(self.booth.id, self.booth.producer_id, self.booth.slug, stream_id)
