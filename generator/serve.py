"""Live preview for staff: build, serve on 127.0.0.1, rebuild when data, content or settings change."""

from __future__ import annotations

import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import pipeline
from .messages import say
from .problems import DataError, report
from .schema import PROJECT_ROOT

WATCHED = ("content", "site_config", "mkdocs.yml")
PREVIEW = PROJECT_ROOT / "build" / "preview"


def snapshot(folders: list[Path]) -> dict[Path, float]:
    """Modification time of every file under the watched folders."""
    times = {}
    for folder in folders:
        paths = [folder] if folder.is_file() else folder.rglob("*")
        for path in paths:
            if path.is_file():
                times[path] = path.stat().st_mtime
    return times


def rebuild(data_dir: Path, out: Path) -> bool:
    """Build once; print problems instead of stopping. True when the site was updated."""
    try:
        pipeline.build(data_dir, out, work=PROJECT_ROOT / "build" / "preview-work", verbose=False)
    except DataError as error:
        report(error.problems, sys.stdout)
        print(say("serve.data-errors", count=len(error.problems)), flush=True)
        return False
    except Exception as error:  # noqa: BLE001 - the preview keeps running whatever happens
        print(say("serve.error", kind=type(error).__name__, error=error), flush=True)
        return False
    print(say("serve.updated", time=time.strftime("%H:%M:%S")), flush=True)
    return True


def serve(data_dir: Path, port: int) -> int:
    """Serve the preview until Ctrl+C, rebuilding after every change."""
    watched = [data_dir, *(PROJECT_ROOT / name for name in WATCHED)]
    rebuild(data_dir, PREVIEW)
    PREVIEW.mkdir(parents=True, exist_ok=True)

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            # Resolve against the current preview folder: a rebuild swaps it in place.
            self.directory = str(PREVIEW)
            return super().translate_path(path)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(PREVIEW)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(say("serve.address", port=port), flush=True)
    before = snapshot(watched)
    try:
        while True:
            time.sleep(1)
            now = snapshot(watched)
            if now != before:
                before = now
                print(say("serve.changed"), flush=True)
                rebuild(data_dir, PREVIEW)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
    return 0
