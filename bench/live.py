"""`python bench/run.py --only live`: the livestream's media path, measured on loopback against references in the same run.

- The publisher's upload (Chromium, fake camera, three simulcast layers) with 1 and with N viewers through our Janus:
  an SFU keeps it about the same; the reference is a mesh, which uploads once per viewer (N × the 1-viewer upload).
- Viewers per core of the media server: Janus's CPU time (from /proc) while it forwards to N aiortc viewers.
- Time from "Go live" (the publisher's offer made) to the first decoded frame at a viewer, against a direct
  peer-to-peer connection (two RTCPeerConnections of the same Chromium page) timed the same way.

The media server is driven through the same interface as the fair (booths.live.media.JanusMediaServer); the page is a
tiny one served from http://127.0.0.1 (getUserMedia needs a secure context, not about:blank).
"""

import asyncio
import http.server
import os
import socketserver
import threading
import time
from pathlib import Path

from bench.browser import cpu_seconds
from tests.e2e.conftest import CHROMIUM_ARGS, MEDIA_ARGS

ROOT = Path(__file__).resolve().parent.parent
WINDOW = 5.0  # seconds of upload measured per viewer count

PAGE = """<!doctype html><meta charset="utf-8"><title>bench live</title><script>
const LAYERS = [{rid: "l", scaleResolutionDownBy: 4, maxBitrate: 150000}, {rid: "m", scaleResolutionDownBy: 2, maxBitrate: 500000},
                {rid: "h", maxBitrate: 1200000}];
async function gathered(pc) {
  if (pc.iceGatheringState === "complete") return;
  await new Promise((resolve) => { pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
                                   setTimeout(resolve, 4000); });
}
window.publish = async () => {
  window.began = performance.now();
  const media = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 640, height: 480}});
  const pc = window.pc = new RTCPeerConnection();
  pc.addTransceiver(media.getAudioTracks()[0], {direction: "sendonly"});
  pc.addTransceiver(media.getVideoTracks()[0], {direction: "sendonly", sendEncodings: LAYERS});
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return pc.localDescription.sdp;
};
window.answer = (sdp) => window.pc.setRemoteDescription({type: "answer", sdp});
window.sent = async () => {
  let n = 0;
  (await window.pc.getStats()).forEach((r) => { if (r.type === "outbound-rtp") n += r.bytesSent; });
  return n;
};
window.p2p = async () => {  // the reference: a direct connection inside the page, timed from the same start
  const began = performance.now();
  const media = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 640, height: 480}});
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  media.getTracks().forEach((t) => a.addTrack(t, media));
  await a.setLocalDescription(await a.createOffer()); await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer()); await a.setRemoteDescription(b.localDescription);
  for (;;) {
    let frames = 0; (await b.getStats()).forEach((r) => { if (r.type === "inbound-rtp" && r.kind === "video") frames += r.framesDecoded; });
    if (frames > 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const took = performance.now() - began; a.close(); b.close(); media.getTracks().forEach((t) => t.stop());
  return took;
};
</script>"""


class Viewer:
    """An aiortc viewer of the room: counts decoded video frames, notes when the first came."""

    def __init__(self):
        self.frames = 0
        self.first_at = None

    async def start(self, server, room, feed):
        from aiortc import RTCPeerConnection, RTCSessionDescription

        self.leg = await server.subscribe(room=room, feed=feed)
        self.pc = RTCPeerConnection()

        @self.pc.on("track")
        def on_track(track):
            async def read():
                while True:
                    try:
                        await track.recv()
                    except Exception:  # noqa: BLE001 - the track ended
                        return
                    if track.kind == "video":
                        self.frames += 1
                        self.first_at = self.first_at or time.monotonic()
            asyncio.ensure_future(read())

        await self.pc.setRemoteDescription(RTCSessionDescription(self.leg.offer, "offer"))
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        await self.leg.start(self.pc.localDescription.sdp)

    async def close(self):
        await self.pc.close()
        await self.leg.close()


def _serve_page() -> tuple[socketserver.TCPServer, int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = socketserver.TCPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


async def _until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the bench waited too long")
        await asyncio.sleep(0.02)


async def measure(smoke: bool) -> dict:
    from playwright.async_api import async_playwright

    from booths.live import janus_process
    from booths.live.media import JanusMediaServer

    many = 3 if smoke else 10
    window = 2.0 if smoke else WINDOW
    if janus_process.ensure_janus() is None:  # Debian's janus, installed as make test does
        raise SystemExit("bench: the live stage needs Janus (apt-get install janus janus-tools)")
    httpd, port = _serve_page()
    janus = janus_process.start(ROOT / "var" / "janus-bench")
    server = JanusMediaServer(janus.url, janus.secret)
    result = {"viewers": many, "window": window}
    try:
        async with async_playwright() as playwright:
            from scripts.run_tests import ensure_chromium

            executable = ensure_chromium() or ""
            browser = await playwright.chromium.launch(executable_path=executable if Path(executable).exists() else None,
                                                       args=CHROMIUM_ARGS + MEDIA_ARGS, headless=True)
            page = await browser.new_page()
            await page.goto(f"http://127.0.0.1:{port}/")
            result["p2p_first_frame_ms"] = await page.evaluate("window.p2p()")

            began = time.monotonic()
            offer = await page.evaluate("window.publish()")
            publication = await server.publish(room=1, feed=1, display="bench", offer=offer)
            await page.evaluate("(sdp) => window.answer(sdp)", publication.answer)
            await asyncio.wait_for(publication.up.wait(), 30)
            viewers = []
            first = Viewer()
            await first.start(server, 1, 1)
            viewers.append(first)
            await _until(lambda: first.first_at is not None)
            result["sfu_first_frame_ms"] = (first.first_at - began) * 1000

            async def upload_and_cpu():
                await asyncio.sleep(1.0)  # the layers settle
                sent, cpu, at = await page.evaluate("window.sent()"), cpu_seconds(janus.process.pid), time.monotonic()
                await asyncio.sleep(window)
                elapsed = time.monotonic() - at
                return ((await page.evaluate("window.sent()")) - sent) / elapsed, (cpu_seconds(janus.process.pid) - cpu) / elapsed

            result["upload_1"], result["janus_cores_1"] = await upload_and_cpu()
            for _ in range(many - 1):
                viewer = Viewer()
                await viewer.start(server, 1, 1)
                viewers.append(viewer)
            await _until(lambda: all(v.frames > 0 for v in viewers))
            result["upload_n"], result["janus_cores_n"] = await upload_and_cpu()
            result["frames"] = [v.frames for v in viewers]
            for viewer in viewers:
                await viewer.close()
            await publication.close()
            await browser.close()
    finally:
        janus_process.stop(janus)
        httpd.shutdown()
    extra = max(result["janus_cores_n"] - result["janus_cores_1"], 1e-6)
    result["viewers_per_core"] = (many - 1) / extra
    return result


def live_stage(options, began) -> int:
    from bench.run import figure

    found = asyncio.run(measure(options.smoke))
    n = found["viewers"]
    figures = [
        figure(f"Publisher upload with {n} viewers vs a mesh's (SFU)", found["upload_n"] / 1000,
               n * found["upload_1"] / 1000, "kB/s", target=0.5,
               note=f"1 viewer: {found['upload_1'] / 1000:.0f} kB/s; a mesh uploads once per viewer"),
        figure("Go live → first decoded frame at a viewer, through Janus vs direct P2P", found["sfu_first_frame_ms"],
               found["p2p_first_frame_ms"], "ms", target=None, note="aiortc viewer vs two RTCPeerConnections in one page"),
        figure(f"Janus CPU with {n} viewers vs 1", found["janus_cores_n"], max(found["janus_cores_1"], 1e-6), "cores",
               target=None, note=f"about {found['viewers_per_core']:.0f} viewers per core of the media server"),
    ]
    lines = ["| figure | fair | reference | ratio | target | |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for f in figures:
        verdict = "" if f["met"] is None else "met" if f["met"] else "**not met**"
        target = "" if f["target"] is None else f"≤ {f['target']}×"
        lines.append(f"| {f['name']} ({f['note']}) | {f['value']:.4g} {f['unit']} | {f['reference']:.4g} {f['unit']} | "
                     f"{f['ratio']:.2f}× | {target} | {verdict} |")
    print("\n".join(lines))
    print(f"bench live: {time.monotonic() - began:.0f} s; frames per viewer {found['frames']}")
    if not options.smoke:
        from bench.run import _replace_between

        _replace_between(ROOT / "docs" / "benchmarks.md", "<!-- bench:live:start -->", "<!-- bench:live:end -->",
                         f"Run on {os.cpu_count()} cores (`python bench/run.py --only live`), loopback, our Janus, "
                         f"{n} aiortc viewers.\n\n" + "\n".join(lines), "## Live selling (media server)")
    return 0
