"""Where generated and uploaded images live. Local directory backend, served by the gateway
under /media; objects are named by content hash, so storing twice stores once."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

MEDIA_PREFIX = "/media"


class LocalStorage:
    def __init__(self, root: Path):
        self.root = root

    def put(self, data: bytes, extension: str) -> str:
        """Store bytes; returns the public path (``/media/ab/abcdef….ext``)."""
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}.{extension}"
        target = self.root / key
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)  # atomic: readers never see half a file
        return f"{MEDIA_PREFIX}/{key}"

    def read(self, url: str) -> bytes:
        if not url.startswith(MEDIA_PREFIX + "/"):
            raise KeyError(url)
        path = (self.root / url[len(MEDIA_PREFIX) + 1:]).resolve()
        if self.root.resolve() not in path.parents:
            raise KeyError(url)
        return path.read_bytes()
