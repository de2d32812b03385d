"""Every websocket message type, declared once.

The JavaScript constants (frontend/src/realtime/protocol.js) and the type tables of
docs/protocol.md are generated from this declaration by `manage.py protocol_export`; a test
fails when either is stale. `parse` checks what a client sent against it.
"""

import json
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from booths.conversations.services import MAX_NAME, MAX_TEXT
from booths.orders import services as order_rules
from fair.errors import ClientError

MAX_MESSAGE_BYTES = 8 * 1024  # one websocket message; chat text itself is capped at MAX_TEXT
MAX_SDP_BYTES = 32 * 1024  # a message carrying a WebRTC offer or answer (live video); only those types may be this big
MAX_CLIENT_ID = 64
# Close codes of a refused socket: reconnecting cannot help (the client stops retrying).
CLOSE_CODES = {"no_session": 4401, "forbidden": 4403, "too_many_sockets": 4429}


@dataclass(frozen=True)
class MessageType:
    """A message type: who sends it, on which sockets, its fields and an example."""

    name: str
    sender: str  # "client" or "server"
    sockets: tuple[str, ...]
    doc: str
    example: dict
    fields: dict = field(default_factory=dict)  # name -> (python type, required)
    max_bytes: int = MAX_MESSAGE_BYTES  # the largest message of this type (SDP carriers: MAX_SDP_BYTES)


HALL, BOOTH, PRODUCER, ORDERS = "hall", "booth", "producer", "orders"
ALL = (HALL, BOOTH, PRODUCER, ORDERS)

TYPES = [
    # Client → server
    MessageType("presence.ping", "client", ALL, "Keeps this socket counted as present; send every 20 s.",
                {"type": "presence.ping"}),
    MessageType("presence.status", "client", (PRODUCER,), "The producer switches between online and away.",
                {"type": "presence.status", "status": "away"}, {"status": (str, True)}),
    MessageType("chat.send", "client", (BOOTH, PRODUCER),
                "Send a chat message. `client_id` is made by the client and reused when resending; the server stores "
                "each (conversation, client_id) once. The producer names the `conversation`; a visitor may give a `name`.",
                {"type": "chat.send", "client_id": "c-1732281600-1", "text": "Mật ong còn hàng không ạ?", "name": "Lan"},
                {"client_id": (str, True), "text": (str, True), "conversation": (int, False), "name": (str, False)}),
    MessageType("chat.resume", "client", (BOOTH, PRODUCER),
                "Ask for every message after the last id this client saw (after a reconnect or a detected gap). "
                "The producer names the `conversation`, or leaves it out to resume all of theirs.",
                {"type": "chat.resume", "after": 41}, {"after": (int, True), "conversation": (int, False)}),
    MessageType("chat.typing", "client", (BOOTH, PRODUCER), "The sender is typing (send at most every 3 s).",
                {"type": "chat.typing", "conversation": 7}, {"conversation": (int, False)}),
    MessageType("chat.read", "client", (BOOTH, PRODUCER), "The reader has seen messages up to `up_to`.",
                {"type": "chat.read", "conversation": 7, "up_to": 42}, {"up_to": (int, True), "conversation": (int, False)}),
    MessageType("order.place", "client", (BOOTH,),
                "Place an order. `idempotency_key` is made once per checkout and reused on retries: the same key and "
                "payload return the same order; the same key with another payload is refused (`key_reused`). Prices and "
                "totals come from the server.",
                {"type": "order.place", "idempotency_key": "k-3f9a1c2e77", "lines": [{"product": "xoai-say-deo-toan-thang", "quantity": 2}],
                 "contact": {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "cod"}},
                {"idempotency_key": (str, True), "lines": (list, True), "contact": (dict, True)}),
    MessageType("order.follow", "client", (ORDERS,), "Follow an order of yours (placed in this browser or found by number and phone).",
                {"type": "order.follow", "number": "OCOP-3F9A1C2E"}, {"number": (str, True)}),
    MessageType("order.cancel", "client", (ORDERS,), "The visitor cancels their order while it is still only placed.",
                {"type": "order.cancel", "number": "OCOP-3F9A1C2E", "reason": "Đặt nhầm"}, {"number": (str, True), "reason": (str, False)}),
    MessageType("order.transition", "client", (PRODUCER,),
                "The producer moves an order: `confirmed`, `shipped` (optional `tracking_note`), `delivered`, or `cancelled` "
                "(with a `reason`). Illegal moves are refused with `illegal_transition`; `paid` only through `order.paid` "
                "or a bank notification (`payment_needed`).",
                {"type": "order.transition", "number": "OCOP-3F9A1C2E", "to": "shipped", "tracking_note": "Viettel Post 8812"},
                {"number": (str, True), "to": (str, True), "reason": (str, False), "tracking_note": (str, False)}),
    MessageType("order.paid", "client", (PRODUCER,),
                "The producer saw a bank transfer arrive for an order awaiting payment (\"Payment received\"): "
                "`amount_vnd` must be the order's total (`amount_mismatch` otherwise). The order becomes `paid`.",
                {"type": "order.paid", "number": "OCOP-3F9A1C2E", "amount_vnd": 150000},
                {"number": (str, True), "amount_vnd": (int, True)}),
    MessageType("payment.resolve", "client", (PRODUCER,),
                "The producer says what they did about a flagged payment (wrong amount, paid twice, after expiry, "
                "unknown note): `resolution` (refunded, re-opened with the buyer …). It stays recorded.",
                {"type": "payment.resolve", "id": 12, "resolution": "Đã hoàn tiền"},
                {"id": (int, True), "resolution": (str, True)}),
    MessageType("booth.announce", "client", (PRODUCER,),
                "The producer tells everyone in one of their booths (a livestream sale, a fresh batch). Stored once per "
                "(booth, `client_id`) and acknowledged with `booth.announced`; resend with the same `client_id` until then.",
                {"type": "booth.announce", "booth": "mat-ong-quyet-thang", "client_id": "a-1732281600-1",
                 "text": "Mẻ mật mới vừa quay sáng nay, giảm 10% trong 30 phút!"},
                {"booth": (str, True), "client_id": (str, True), "text": (str, True)}),
    MessageType("booth.resume", "client", (BOOTH,),
                "Ask for the booth's announcements after the last id this visitor saw (on every connect, and after a gap).",
                {"type": "booth.resume", "after": 12}, {"after": (int, True)}),
    MessageType("analytics.model", "client", (BOOTH,),
                "The visitor turned a product's 3D model (once per product and socket is counted; more are ignored). "
                "The product must be this booth's. Nothing about the visitor is kept (docs/analytics.md).",
                {"type": "analytics.model", "product": "mat-ong-quyet-thang"}, {"product": (str, True)}),
    MessageType("analytics.tour", "client", (BOOTH,),
                "The visitor moved to `step` (from 0) of the booth's process tour of `steps` steps (sent on the "
                "visitor's own moves, not the first step shown): the first counts a tour started, the last step a tour "
                "completed (each once per socket).",
                {"type": "analytics.tour", "step": 1, "steps": 5}, {"step": (int, True), "steps": (int, True)}),
    MessageType("analytics.position", "client", (HALL,),
                "Where the visitor stands on the hall's floor (metres), sampled every few seconds while they walk; "
                "one every 3 s per socket is kept, the rest ignored. Kept without any visitor mark, for the heat map.",
                {"type": "analytics.position", "x": 12.5, "z": -4.0}, {"x": (float, True), "z": (float, True)}),
    MessageType("stock.set", "client", (PRODUCER,), "The producer sets a product's stock after counting the shelf.",
                {"type": "stock.set", "product": "mat-ong-quyet-thang", "stock": 12}, {"product": (str, True), "stock": (int, True)}),
    MessageType("chat.hide", "client", (PRODUCER,),
                "The producer's staff hide a message of one of their booths' conversations, with a `reason` (kept in the "
                "moderation log). Every open page of the conversation gets `chat.hidden`. Organizers do this from "
                "/studio/moderation/.",
                {"type": "chat.hide", "id": 42, "reason": "Quảng cáo"}, {"id": (int, True), "reason": (str, True)}),
    MessageType("visitor.mute", "client", (PRODUCER,),
                "The producer's staff stop the visitor of one of their conversations writing in that booth for "
                "`minutes` (15 to 10080), with a `reason`; answered with `visitor.muted`. Only organizers mute in a whole "
                "fair (from /studio/moderation/).",
                {"type": "visitor.mute", "conversation": 7, "minutes": 60, "reason": "Tin nhắn rác"},
                {"conversation": (int, True), "minutes": (int, True), "reason": (str, True)}),
    MessageType("live.start", "client", (PRODUCER,),
                "The producer goes live in one of their booths (their own staff only), with a `title` and optionally a "
                "scheduled `session` of that booth. Answered with `live.started` (a publish token), or `live_unavailable` "
                "when the server has no media server.",
                {"type": "live.start", "booth": "mat-ong-quyet-thang", "title": "Quay mật ong sáng nay"},
                {"booth": (str, True), "title": (str, False), "session": (int, False)}),
    MessageType("live.publish", "client", (PRODUCER,),
                "The phone's WebRTC offer (camera and microphone, all ICE candidates gathered), with the `token` of "
                "`live.started`. The server gives it to the media server and answers `live.published`; the stream is then "
                "live for the booth (`live.state`).",
                {"type": "live.publish", "token": "eyJzIjo0Mn0:1t…", "sdp": "v=0…"},
                {"token": (str, True), "sdp": (str, True)}, max_bytes=MAX_SDP_BYTES),
    MessageType("live.pin", "client", (PRODUCER,),
                "Pin a `product` of the booth over the live stream (empty: unpin). Everyone watching gets `live.state` with "
                "its card; the moment is kept for the replay's timeline.",
                {"type": "live.pin", "booth": "mat-ong-quyet-thang", "product": "mat-ong-quyet-thang"},
                {"booth": (str, True), "product": (str, False)}),
    MessageType("live.stop", "client", (PRODUCER,), "The producer ends the stream: viewers see it ended (then its replay).",
                {"type": "live.stop", "booth": "mat-ong-quyet-thang"}, {"booth": (str, True)}),
    MessageType("live.status", "client", (BOOTH,), "Ask for the booth's live state (sent on every connect): `live.state`.",
                {"type": "live.status"}),
    MessageType("live.watch", "client", (BOOTH,),
                "Watch the booth's live stream: answered with `live.offer` (the media server's offer and a watch token).",
                {"type": "live.watch"}),
    MessageType("live.subscribe", "client", (BOOTH,),
                "The viewer's WebRTC answer to `live.offer`, with its `token`: the media starts and the viewer is counted.",
                {"type": "live.subscribe", "token": "eyJzIjo0Mn0:1t…", "sdp": "v=0…"},
                {"token": (str, True), "sdp": (str, True)}, max_bytes=MAX_SDP_BYTES),
    MessageType("live.layer", "client", (BOOTH,),
                "Which quality the viewer gets: `high`, `medium`, `low` (simulcast layers) or `audio` only; the page "
                "picks from the measured bandwidth unless the visitor chose.",
                {"type": "live.layer", "layer": "low"}, {"layer": (str, True)}),
    MessageType("call.request", "client", (BOOTH,),
                "The visitor asks the booth's producer for a 1:1 video call (only while a producer is online: "
                "`producer_offline` otherwise). Answered with `call.ringing` (the new call's id); the producer's consoles "
                "get `call.incoming`. Unanswered after `CALL_RING_SECONDS` it ends (`call.ended`, `unanswered`).",
                {"type": "call.request", "name": "Lan"}, {"name": (str, False)}),
    MessageType("call.accept", "client", (PRODUCER,),
                "One of the booth's producer staff accepts a call this console was rung for; the first console to accept "
                "gets it (`call.accepted`), others get `call.ended` (`answered` / `answered_elsewhere`).",
                {"type": "call.accept", "call": "h3Kq9xZ0aB1c"}, {"call": (str, True)}),
    MessageType("call.decline", "client", (PRODUCER,), "The producer declines a ringing call: the visitor gets `call.declined`.",
                {"type": "call.decline", "call": "h3Kq9xZ0aB1c"}, {"call": (str, True)}),
    MessageType("call.signal", "client", (BOOTH, PRODUCER),
                "WebRTC signalling within this socket's own call, relayed to the other side only: `kind` offer or answer "
                "with its `sdp` (all ICE candidates gathered; an ICE restart is an offer with new ICE credentials), or "
                "`restart` (the producer's side asks the visitor's side for an ICE-restart offer). Another call's id is "
                "refused (`no_call`).",
                {"type": "call.signal", "call": "h3Kq9xZ0aB1c", "kind": "offer", "sdp": "v=0…"},
                {"call": (str, True), "kind": (str, True), "sdp": (str, False)}, max_bytes=MAX_SDP_BYTES),
    MessageType("call.media", "client", (BOOTH, PRODUCER),
                "The sender turned their microphone (`audio`) or camera (`video`) on or off; the other side shows it.",
                {"type": "call.media", "call": "h3Kq9xZ0aB1c", "audio": True, "video": False},
                {"call": (str, True), "audio": (bool, True), "video": (bool, True)}),
    MessageType("call.resume", "client", (BOOTH, PRODUCER),
                "After a reconnect, take this page's call over onto the new socket (the old socket closed less than "
                "`CALL_RESUME_SECONDS` ago): only the same visitor session, or the same producer user, that held it. "
                "Answered with `call.resumed`; the other side gets `call.peer` (`back`). Otherwise `no_call`.",
                {"type": "call.resume", "call": "h3Kq9xZ0aB1c"}, {"call": (str, True)}),
    MessageType("call.end", "client", (BOOTH, PRODUCER),
                "Hang up (or, for the visitor, cancel while it rings): both sides get `call.ended` (`hung_up`).",
                {"type": "call.end", "call": "h3Kq9xZ0aB1c"}, {"call": (str, True)}),
    # Server → client
    MessageType("presence.update", "server", ALL,
                "How many visitors are in a booth and whether one of its producers is online. On hall sockets it comes "
                "at most once a second per booth.",
                {"type": "presence.update", "booth": "mat-ong-quyet-thang", "visitors": 3, "producer_online": True}),
    MessageType("chat.ack", "server", (BOOTH, PRODUCER), "Your message is stored: its server `id`. Remove it from the outbox.",
                {"type": "chat.ack", "client_id": "c-1732281600-1", "id": 42, "conversation": 7}),
    MessageType("chat.message", "server", (BOOTH, PRODUCER),
                "A stored message, to everyone in the conversation (including the sender's other tabs). `prev_id` is the "
                "previous message of the conversation: if it is not the last id you have, you missed something: resume.",
                {"type": "chat.message", "message": {"id": 42, "prev_id": 41, "conversation": 7, "sender": "visitor",
                                                      "author": "Lan", "text": "Mật ong còn hàng không ạ?", "client_id": "c-1732281600-1",
                                                      "created": "2026-11-22T09:15:02+07:00"}}),
    MessageType("chat.history", "server", (BOOTH, PRODUCER),
                "The answer to `chat.resume` (clients send one on every connect): messages after `after`, in order.",
                {"type": "chat.history", "after": 41, "messages": [], "conversation": 7}),
    MessageType("chat.typing", "server", (BOOTH, PRODUCER), "The other side is typing.",
                {"type": "chat.typing", "conversation": 7, "sender": "producer"}),
    MessageType("chat.read", "server", (BOOTH, PRODUCER), "The other side has read up to `up_to`.",
                {"type": "chat.read", "conversation": 7, "sender": "producer", "up_to": 42}),
    MessageType("chat.hidden", "server", (BOOTH, PRODUCER),
                "A moderator hid message `id` of `conversation`: remove it from the page. Resumes no longer return it.",
                {"type": "chat.hidden", "conversation": 7, "id": 42}),
    MessageType("chat.restored", "server", (BOOTH, PRODUCER),
                "A moderator showed a hidden message again: put it back in its place (by id).",
                {"type": "chat.restored", "message": {"id": 42, "prev_id": 41, "conversation": 7, "sender": "visitor",
                                                       "author": "Lan", "text": "Mật ong còn hàng không ạ?",
                                                       "client_id": "c-1732281600-1", "created": "2026-11-22T09:15:02+07:00"}}),
    MessageType("visitor.muted", "server", (PRODUCER,),
                "The visitor of `conversation` may not write in the booth until `until` (the answer to `visitor.mute`).",
                {"type": "visitor.muted", "conversation": 7, "until": "2026-11-22T10:15:00+07:00"}),
    MessageType("console.snapshot", "server", (PRODUCER,),
                "Sent when the producer's console connects: their booths (with visitors now) and conversations, newest first.",
                {"type": "console.snapshot", "status": "online", "orders": [], "products": [{"slug": "mat-ong-quyet-thang", "name": "Mật ong", "stock": 2, "low": True}],
                 "booths": [{"slug": "mat-ong-quyet-thang", "title": "Mật ong Quyết Thắng", "visitors": 2}],
                 "conversations": [{"id": 7, "booth": "mat-ong-quyet-thang", "visitor": "Lan", "last_message_id": 42,
                                    "unread": 1, "preview": "Mật ong còn hàng không ạ?"}]}),
    MessageType("order.placed", "server", (BOOTH,), "Your order is placed (or was already, for a retried key).",
                {"type": "order.placed", "idempotency_key": "k-3f9a1c2e77", "order": {"number": "OCOP-3F9A1C2E", "status": "placed", "total_vnd": 150000}}),
    MessageType("order.status", "server", (PRODUCER, ORDERS),
                "An order's current state, after every change (and in answer to `order.follow`). `new` marks a new order on consoles. "
                "A bank-transfer order carries `bank` (account, amount, note, VietQR text `qr`), `pay_by` and its `payments`.",
                {"type": "order.status", "order": {"number": "OCOP-3F9A1C2E", "status": "confirmed", "status_label": "Confirmed",
                                                   "total_vnd": 150000, "lines": [], "events": []}}),
    MessageType("product.stock", "server", (BOOTH, PRODUCER),
                "A product's stock changed (an order, a cancellation, the producer's count): sold out shows everywhere at once.",
                {"type": "product.stock", "product": "mat-ong-quyet-thang", "stock": 0, "sold_out": True, "low": True}),
    MessageType("booth.announcement", "server", (BOOTH,),
                "A producer's announcement to everyone in the booth. `prev_id` is the booth's previous announcement: if "
                "it is not the last id you have, you missed one: send `booth.resume`.",
                {"type": "booth.announcement", "announcement": {"id": 13, "prev_id": 12, "booth": "mat-ong-quyet-thang",
                                                               "author": "Chị Lan", "text": "Mẻ mật mới vừa quay sáng nay!",
                                                               "client_id": "a-1732281600-1", "created": "2026-11-22T09:20:00+07:00"}}),
    MessageType("booth.announcements", "server", (BOOTH,), "The answer to `booth.resume`: announcements after `after`, in order.",
                {"type": "booth.announcements", "after": 12, "announcements": []}),
    MessageType("booth.announced", "server", (PRODUCER,), "Your announcement is stored and on its way: its server `id`.",
                {"type": "booth.announced", "client_id": "a-1732281600-1", "id": 13, "booth": "mat-ong-quyet-thang"}),
    MessageType("hall.layout", "server", (HALL,),
                "An organizer saved the hall's floor plan: where each booth stands now (metres from the hall's centre, "
                "`rotation` in degrees). Open halls move their booths at once.",
                {"type": "hall.layout", "version": 4, "booths": [{"slug": "mat-ong-quyet-thang", "x": -6.0, "z": 3.5, "rotation": 15.0}]}),
    MessageType("hall.live", "server", (HALL,),
                "The hall's booths that are live now, all of them (`live`: each booth and its stream; empty: none): on "
                "connect, with every presence snapshot and whenever a stream of the hall goes live or ends. The 3D hall "
                "marks them and plays the nearest one's stream on its stand (watched over that booth's socket).",
                {"type": "hall.live", "live": [{"booth": "mat-ong-quyet-thang", "stream": 42}]}),
    MessageType("live.state", "server", (BOOTH, PRODUCER),
                "A booth's livestream: `status` off, starting, live, ended or interrupted, its title, the pinned product's "
                "card (`pin`: price and stock) and, once recorded, its `replay` (`url` and the `pins` timeline in seconds; "
                "`replay_pending`: the worker is making it, ask again with `live.status`). "
                "`available` false: this server has no media server.",
                {"type": "live.state", "booth": "mat-ong-quyet-thang", "status": "live", "stream": 42, "title": "Quay mật ong",
                 "started": "2026-11-22T09:00:00+07:00", "ended": None, "available": True, "replay": None, "replay_pending": False,
                 "pin": {"slug": "mat-ong-quyet-thang", "name_vi": "Mật ong", "name_en": "Honey", "price_vnd": 150000,
                         "unit_vi": "chai", "unit_en": "bottle", "stock": 12, "sold_out": False, "picture": ""}}),
    MessageType("live.viewers", "server", (BOOTH, PRODUCER), "How many are watching the booth's stream now.",
                {"type": "live.viewers", "booth": "mat-ong-quyet-thang", "stream": 42, "viewers": 17}),
    MessageType("live.started", "server", (PRODUCER,),
                "The answer to `live.start`: the new `stream`, a short-lived publish `token` and the ICE servers to use.",
                {"type": "live.started", "booth": "mat-ong-quyet-thang", "stream": 42, "token": "eyJzIjo0Mn0:1t…",
                 "ice_servers": []}),
    MessageType("live.published", "server", (PRODUCER,), "The media server's WebRTC answer to the phone's offer.",
                {"type": "live.published", "stream": 42, "sdp": "v=0…"}, max_bytes=MAX_SDP_BYTES),
    MessageType("live.offer", "server", (BOOTH,),
                "The answer to `live.watch`: the media server's offer for this viewer and a short-lived watch `token`.",
                {"type": "live.offer", "stream": 42, "sdp": "v=0…", "token": "eyJzIjo0Mn0:1t…", "ice_servers": []},
                max_bytes=MAX_SDP_BYTES),
    MessageType("call.ringing", "server", (BOOTH,), "The answer to `call.request`: the call's id; the producer's consoles ring for `seconds`.",
                {"type": "call.ringing", "call": "h3Kq9xZ0aB1c", "booth": "mat-ong-quyet-thang", "seconds": 30}),
    MessageType("call.incoming", "server", (PRODUCER,),
                "A visitor asks for a video call in one of the producer's booths: show Accept / Decline for `seconds`.",
                {"type": "call.incoming", "call": "h3Kq9xZ0aB1c", "booth": "mat-ong-quyet-thang", "booth_title": "Mật ong Quyết Thắng",
                 "visitor": "Lan", "seconds": 30}),
    MessageType("call.accepted", "server", (BOOTH, PRODUCER),
                "The call is on: `role` caller (the visitor: makes the offers, ICE restarts included) or callee, the other "
                "side's name (`peer`) and the ICE servers (STUN, TURN with short-lived credentials).",
                {"type": "call.accepted", "call": "h3Kq9xZ0aB1c", "role": "caller", "peer": "Chị Lan", "ice_servers": []}),
    MessageType("call.declined", "server", (BOOTH,), "The producer declined the visitor's call.",
                {"type": "call.declined", "call": "h3Kq9xZ0aB1c"}),
    MessageType("call.signal", "server", (BOOTH, PRODUCER), "The other side's offer, answer or restart request (see the client's `call.signal`).",
                {"type": "call.signal", "call": "h3Kq9xZ0aB1c", "kind": "answer", "sdp": "v=0…"}, max_bytes=MAX_SDP_BYTES),
    MessageType("call.media", "server", (BOOTH, PRODUCER), "The other side's microphone and camera are on or off.",
                {"type": "call.media", "call": "h3Kq9xZ0aB1c", "audio": True, "video": False}),
    MessageType("call.resumed", "server", (BOOTH, PRODUCER),
                "The call is on this socket again (answer to `call.resume`): the caller restarts ICE, the callee asks it to.",
                {"type": "call.resumed", "call": "h3Kq9xZ0aB1c", "role": "caller"}),
    MessageType("call.peer", "server", (BOOTH, PRODUCER),
                "The other side's socket closed (`state` reconnecting: it has `CALL_RESUME_SECONDS` to come back) or is "
                "back (`back`).",
                {"type": "call.peer", "call": "h3Kq9xZ0aB1c", "state": "reconnecting"}),
    MessageType("call.ended", "server", (BOOTH, PRODUCER),
                "The call is over: `reason` hung_up, unanswered, cancelled, declined, answered (another console took it), "
                "answered_elsewhere, gone (the other side's connection closed and did not come back within `CALL_RESUME_SECONDS`).",
                {"type": "call.ended", "call": "h3Kq9xZ0aB1c", "reason": "hung_up"}),
    MessageType("error", "server", ALL,
                "Something the client sent was refused. The socket stays open unless the code says otherwise.",
                {"type": "error", "code": "too_long", "message": "A message may have at most 2000 characters."}),
]

CLIENT_TYPES = {(t.name, socket): t for t in TYPES if t.sender == "client" for socket in t.sockets}
# The largest message each socket kind may receive (checked before parsing; each type's own limit after).
SOCKET_MAX_BYTES = {socket: max(t.max_bytes for (name, s), t in CLIENT_TYPES.items() if s == socket) for socket in ALL}
SERVER_TYPES = sorted({t.name for t in TYPES if t.sender == "server"})
ERROR_CODES = {
    "bad_json": _("The message is not valid JSON."),
    "bad_message": _("A message must be a JSON object with a string `type`."),
    "unknown_type": _("This socket does not take that message type."),
    "bad_field": _("A field is missing or has the wrong type."),
    "too_big": _("A websocket message may be at most 8 KB."),
    "bad_text": _("The text holds a character that cannot be stored (a NUL or a broken character); remove it and send again."),
    "too_long": _("A message may have at most 2000 characters."),
    "empty": _("A message needs some text."),
    "rate_limited": _("Too many messages: wait a moment; unacknowledged messages can be sent again."),
    "forbidden": _("You may not do that on this socket."),
    "not_found": _("No such conversation."),
    "too_many_sockets": _("Too many open connections from this browser: close a tab."),
    "no_session": _("Your session is missing: reload the page."),
    "server_error": _("Something went wrong on our side; try again."),
    "empty_order": _("Choose at least one product."),
    "too_many_lines": _("Too many products in one order."),
    "bad_line": _("Each line needs a product and a whole quantity."),
    "bad_quantity": _("Quantities are whole numbers from 1 to 99."),
    "bad_contact": _("Name, phone, address or payment is missing or wrong."),
    "bad_key": _("An order needs a key of 8 to 64 characters."),
    "key_reused": _("This order key was already used for a different order."),
    "unknown_product": _("A product is not sold in this booth."),
    "sold_out": _("Not enough left of a product."),
    "bad_status": _("No such order status."),
    "illegal_transition": _("The order cannot move to that status from where it is."),
    "reason_needed": _("Cancelling needs a reason for the buyer."),
    "conflict": _("The order changed meanwhile."),
    "transfer_unavailable": _("The producer cannot take bank transfers now: pay cash on delivery."),
    "payment_needed": _("An order becomes paid only when its payment is recorded."),
    "amount_mismatch": _("The amount is not the order's total."),
    "muted": _("The fair's moderators have paused your messages for a while: this one was not sent."),
    "moderation_reason": _("Say why: the reason is kept in the moderation log."),
    "live_unavailable": _("Live video is not available on this server."),
    "not_live": _("The booth is not live now."),
    "token_expired": _("This live token has expired: start again."),
    "token_invalid": _("This live token is not valid here."),
    "media_failed": _("The live video could not be connected; try again."),
    "producer_offline": _("No producer is online now: leave a message in the chat instead."),
    "call_busy": _("There is already a call going on here."),
    "no_call": _("No such call here (it may have ended)."),
}


# A NUL (PostgreSQL refuses it in text) or half of a UTF-16 surrogate pair (not valid UTF-8: SQLite and
# every encoder refuse it), as JSON's "\u0000" and "\ud800" escapes can carry them.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _has_unstorable_text(value) -> bool:
    """Whether any string in a parsed message (keys included) holds a character no database can store."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_unstorable_text(k) or _has_unstorable_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_unstorable_text(item) for item in value)
    return False


def handler_name(message_type: str) -> str:
    """The consumer method that handles a client message type: `chat.send` → `on_chat_send`."""
    return "on_" + message_type.replace(".", "_")


def parse(text: str | None, *, socket: str) -> dict:
    """Check one incoming message for this socket kind; raise ClientError with a clear code if it is wrong."""
    if text is None:
        raise ClientError("bad_message", "Only text (JSON) messages are accepted.")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > SOCKET_MAX_BYTES.get(socket, MAX_MESSAGE_BYTES):
        raise ClientError("too_big", ERROR_CODES["too_big"])
    try:
        message = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise ClientError("bad_json", ERROR_CODES["bad_json"]) from None
    if _has_unstorable_text(message):
        raise ClientError("bad_text", ERROR_CODES["bad_text"])
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ClientError("bad_message", ERROR_CODES["bad_message"])
    declared = CLIENT_TYPES.get((message["type"], socket))
    if declared is None:
        raise ClientError("unknown_type", f"This socket does not take {message['type'][:40]!r} messages.")
    if size > declared.max_bytes:
        raise ClientError("too_big", ERROR_CODES["too_big"])
    for name, (kind, required) in declared.fields.items():
        value = message.get(name)
        if value is None:
            if required:
                raise ClientError("bad_field", f"`{name}` is required.")
            continue
        if kind is bool:
            if not isinstance(value, bool):
                raise ClientError("bad_field", f"`{name}` must be true or false.")
            continue
        if kind is float:  # a coordinate in metres: a number, negative too, within ±10 km (not NaN or infinite)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not -10_000 <= value <= 10_000:
                raise ClientError("bad_field", f"`{name}` must be a number.")
            continue
        if not isinstance(value, kind) or isinstance(value, bool):
            words = {int: "number", str: "string", list: "list", dict: "object"}
            raise ClientError("bad_field", f"`{name}` must be a {words[kind]}.")
        if kind is int and value < 0:
            raise ClientError("bad_field", f"`{name}` must not be negative.")
    if isinstance(message.get("client_id"), str) and not 0 < len(message["client_id"]) <= MAX_CLIENT_ID:
        raise ClientError("bad_field", f"`client_id` must have 1 to {MAX_CLIENT_ID} characters.")
    return {name: message[name] for name in ("type", *declared.fields) if name in message}


def _js_name(name: str) -> str:
    return name.replace(".", "_").upper()


def js_module() -> str:
    """The generated JavaScript constants (frontend/src/realtime/protocol.js): the only place the front end
    finds message types, close codes, order statuses and their transitions, and limits."""
    client = sorted({t.name for t in TYPES if t.sender == "client"})
    every = sorted({t.name for t in TYPES})
    statuses = list(order_rules.TRANSITIONS)
    frozen = lambda value: f"Object.freeze({json.dumps(value, ensure_ascii=False)})"  # noqa: E731
    lines = [
        "// Generated by `manage.py protocol_export` from realtime/protocol.py. Do not edit.",
        "// Message types: TYPES.CHAT_SEND === \"chat.send\". Use these, never a quoted type, in frontend/src.",
        f"export const TYPES = {frozen({_js_name(name): name for name in every})};",
        f"export const CLIENT_TYPES = {frozen(client)};",
        f"export const SERVER_TYPES = {frozen(SERVER_TYPES)};",
        f"export const ERROR_CODES = {frozen(sorted(ERROR_CODES))};",
        "// Close codes after which reconnecting cannot help (no session, not allowed, too many sockets).",
        f"export const CLOSE_CODES = {frozen({_js_name(k): v for k, v in CLOSE_CODES.items()})};",
        f"export const PERMANENT_CLOSE_CODES = {frozen(sorted(CLOSE_CODES.values()))};",
        "// Order statuses in their order, and where each may go next (the server's status machine).",
        f"export const ORDER_STATUSES = {frozen({_js_name(s): s for s in statuses})};",
        f"export const ORDER_STEPS = {frozen([s for s in statuses if s != 'cancelled'])};",
        f"export const ORDER_TRANSITIONS = {frozen({str(k): [str(s) for s in statuses if s in vs] for k, vs in order_rules.TRANSITIONS.items()})};",
        f"export const VISITOR_MAY_CANCEL = {frozen([str(s) for s in order_rules.VISITOR_MAY_CANCEL_FROM])};",
        f"export const MAX_TEXT = {MAX_TEXT};",
        f"export const MAX_NAME = {MAX_NAME};",
        f"export const MAX_CLIENT_ID = {MAX_CLIENT_ID};",
        f"export const MAX_SDP_BYTES = {MAX_SDP_BYTES};",
        f"export const MAX_QUANTITY = {order_rules.MAX_QUANTITY};",
        f"export const MAX_LINES = {order_rules.MAX_LINES};",
        f"export const MAX_REASON = {order_rules.MAX_REASON};",
        f"export const LOW_STOCK = {order_rules.LOW_STOCK};",
        "// A buyer's contact as the server checks it: the phone's digits, the address's length.",
        f"export const PHONE_DIGITS = {frozen(list(order_rules.PHONE_DIGITS))};",
        f"export const MIN_ADDRESS = {order_rules.MIN_ADDRESS};",
        "",
    ]
    return "\n".join(lines)


def docs_tables() -> str:
    """The message-type and error tables of docs/protocol.md (in English)."""
    with translation.override("en"):
        return _docs_tables()


def _docs_tables() -> str:
    out = ["| type | from | sockets | meaning | example |", "| --- | --- | --- | --- | --- |"]
    for t in TYPES:
        example = json.dumps(t.example, ensure_ascii=False)
        out.append(f"| `{t.name}` | {t.sender} | {', '.join(t.sockets)} | {t.doc} | `{example}` |")
    out += ["", "| error code | meaning |", "| --- | --- |"]
    out += [f"| `{code}` | {str(text)} |" for code, text in ERROR_CODES.items()]
    return "\n".join(out)
