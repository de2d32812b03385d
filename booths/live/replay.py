"""A finished stream becomes its replay: the media server's recording (Janus writes one .mjr file per track) turned
into one WebM by `janus-pp-rec` (Debian's janus-tools: VP8 → .webm, Opus → .opus) and PyAV, which puts both tracks in
one file without re-encoding. Runs in the worker (`manage.py db_worker`), never in a request."""

import heapq
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django_tasks import task

from .models import LiveStream


def _convert(mjr: Path, out: Path) -> Path | None:
    tool = shutil.which("janus-pp-rec")
    if tool is None:
        return None
    done = subprocess.run([tool, str(mjr), str(out)], capture_output=True, timeout=600)
    return out if done.returncode == 0 and out.exists() and out.stat().st_size > 0 else None


def _mux(video: Path | None, audio: Path | None, out: Path) -> Path | None:
    """Both tracks in one WebM, packets copied as they are."""
    import av

    inputs = [av.open(str(p)) for p in (video, audio) if p]
    if not inputs:
        return None
    def timed(source, stream, copied):
        for packet in source.demux(stream):
            if packet.dts is not None:
                yield float(packet.dts * stream.time_base), id(packet), packet, copied

    try:
        with av.open(str(out), "w", format="webm") as target:
            tracks = [timed(source, source.streams[0], target.add_stream_from_template(source.streams[0])) for source in inputs]
            for _at, _n, packet, copied in heapq.merge(*tracks):  # interleaved in time, as players read it
                packet.stream = copied
                target.mux(packet)
    finally:
        for source in inputs:
            source.close()
    return out


def replay_file(stream: LiveStream) -> str | None:
    from .services import recording_folder

    folder = recording_folder(stream)
    videos = sorted(folder.glob("*-video*.mjr"))
    audios = sorted(folder.glob("*-audio*.mjr"))
    if not videos and not audios:
        return None
    video = _convert(videos[-1], folder / "video.webm") if videos else None
    audio = _convert(audios[-1], folder / "audio.opus") if audios else None
    target = Path(settings.MEDIA_ROOT) / "replays" / f"stream-{folder.name}.webm"
    target.parent.mkdir(parents=True, exist_ok=True)
    if _mux(video, audio, target) is None:
        return None
    return f"replays/{target.name}"


@task()
def replay_make(stream_id: int) -> str:
    """The worker's step: the stream's recording becomes its replay on the booth page."""
    from .services import stream_recorded

    stream = LiveStream.objects.select_related("booth").filter(pk=stream_id).first()
    if stream is None:
        return "gone"
    path = replay_file(stream)
    if path is None:
        return "nothing recorded"
    stream_recorded(stream=stream, path=path)
    return path
