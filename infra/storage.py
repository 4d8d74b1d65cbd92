"""Where generated and uploaded images live, behind one small interface (``Storage``):

- ``LocalStorage`` (default): a local directory, served by the gateway under /media;
- ``S3Storage`` (PDP_STORAGE_BACKEND=s3): any S3-compatible object store through boto3,
  served from PDP_S3_PUBLIC_URL (a bucket website, CDN or the endpoint itself).

Objects are named by content hash, so storing twice stores once, and the names cannot be
guessed from a product or a user.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path
from typing import Protocol

MEDIA_PREFIX = "/media"


def content_key(data: bytes, extension: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest}.{extension}"


class Storage(Protocol):
    def put(self, data: bytes, extension: str) -> str:
        """Store bytes; returns the URL the page uses."""
        ...

    def read(self, url: str) -> bytes: ...

    def delete(self, url: str) -> None: ...


class LocalStorage:
    def __init__(self, root: Path):
        self.root = root

    def put(self, data: bytes, extension: str) -> str:
        """Store bytes; returns the public path (``/media/ab/abcdef….ext``)."""
        key = content_key(data, extension)
        target = self.root / key
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)  # atomic: readers never see half a file
        return f"{MEDIA_PREFIX}/{key}"

    def _path(self, url: str) -> Path:
        if not url.startswith(MEDIA_PREFIX + "/"):
            raise KeyError(url)
        path = (self.root / url[len(MEDIA_PREFIX) + 1:]).resolve()
        if self.root.resolve() not in path.parents:
            raise KeyError(url)
        return path

    def read(self, url: str) -> bytes:
        return self._path(url).read_bytes()

    def delete(self, url: str) -> None:
        try:
            self._path(url).unlink(missing_ok=True)
        except KeyError:
            pass


class S3Storage:
    """S3-compatible object storage (AWS S3, MinIO, R2, …). Credentials come from boto3's
    usual chain (environment, profile, instance role); never from this service's settings."""

    def __init__(self, bucket: str, public_url: str, endpoint_url: str | None = None,
                 region: str | None = None, prefix: str = ""):
        from infra.extras import require

        boto3 = require("boto3", "s3", "PDP_STORAGE_BACKEND=s3")  # only this backend needs it

        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.public_url = public_url.rstrip("/")
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None,
                                   region_name=region or None)

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, data: bytes, extension: str) -> str:
        key = self._key(content_key(data, extension))
        mime = mimetypes.types_map.get(f".{extension}", "application/octet-stream")
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=mime,
                               CacheControl="public, max-age=31536000, immutable")
        return f"{self.public_url}/{key}"

    def _key_of(self, url: str) -> str:
        if not url.startswith(self.public_url + "/"):
            raise KeyError(url)
        return url[len(self.public_url) + 1:]

    def read(self, url: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self._key_of(url))["Body"].read()

    def delete(self, url: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key_of(url))
        except KeyError:
            pass


def build_storage(settings) -> Storage:
    if settings.storage_backend == "s3":
        if not settings.s3_bucket or not settings.s3_public_url:
            raise SystemExit("PDP_STORAGE_BACKEND=s3 needs PDP_S3_BUCKET and PDP_S3_PUBLIC_URL")
        return S3Storage(settings.s3_bucket, settings.s3_public_url, settings.s3_endpoint_url,
                         settings.s3_region, settings.s3_prefix)
    return LocalStorage(settings.media_path)
