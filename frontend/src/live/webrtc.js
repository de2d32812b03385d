// What the live stream's publisher (console) and viewers (booth) share: ICE gathering, codec choice, statistics.

const GATHER_AT_MOST = 4000; // ms: an offer goes with the candidates found by then (loopback and LAN ones come in ms)

/** Resolves when the connection has gathered its ICE candidates (or after GATHER_AT_MOST): one message carries them all. */
export function iceGathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === "complete") { pc.removeEventListener("icegatheringstatechange", done); resolve(); } };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, GATHER_AT_MOST);
  });
}

/** Keeps a transceiver to the codecs every media server and phone share (VP8, Opus): a smaller offer, no transcoding. */
export function preferCodecs(transceiver, kind) {
  const wanted = kind === "video" ? ["video/VP8"] : ["audio/opus"];
  const capabilities = RTCRtpReceiver.getCapabilities?.(kind) ?? RTCRtpSender.getCapabilities?.(kind);
  if (!capabilities || !transceiver.setCodecPreferences) return;
  const codecs = capabilities.codecs.filter((codec) => wanted.includes(codec.mimeType));
  if (codecs.length) transceiver.setCodecPreferences(codecs);
}

/** The numbers the pages show and the tests read: frames decoded, bytes each way, round trip, loss. */
export async function summary(pc) {
  const found = { framesDecoded: 0, audioSamples: 0, bytesReceived: 0, bytesSent: 0, packetsLost: 0, packetsReceived: 0,
                  rtt: null, outgoingBitrate: null, frameWidth: 0 };
  if (!pc) return found;
  const stats = await pc.getStats();
  stats.forEach((report) => {
    if (report.type === "inbound-rtp") {
      found.bytesReceived += report.bytesReceived ?? 0;
      found.packetsLost += report.packetsLost ?? 0;
      found.packetsReceived += report.packetsReceived ?? 0;
      if (report.kind === "video") {
        found.framesDecoded += report.framesDecoded ?? 0;
        found.frameWidth = Math.max(found.frameWidth, report.frameWidth ?? 0);
      } else {
        found.audioSamples += report.totalSamplesReceived ?? 0;
      }
    } else if (report.type === "outbound-rtp") {
      found.bytesSent += report.bytesSent ?? 0;
    } else if (report.type === "candidate-pair" && report.nominated && report.state === "succeeded") {
      found.rtt = report.currentRoundTripTime ?? found.rtt;
      found.outgoingBitrate = report.availableOutgoingBitrate ?? found.outgoingBitrate;
    }
  });
  return found;
}

/** A connection's quality in words the pages show: good, fair or poor, from round trip and loss. */
export function quality({ rtt, packetsLost, packetsReceived }) {
  const loss = packetsReceived ? packetsLost / (packetsLost + packetsReceived) : 0;
  if ((rtt ?? 0) > 0.6 || loss > 0.08) return "poor";
  if ((rtt ?? 0) > 0.25 || loss > 0.02) return "fair";
  return "good";
}
