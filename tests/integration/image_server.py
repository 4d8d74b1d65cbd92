"""A real local HTTP server that serves test images, fakes and redirects (upload tests)."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (320, 200), (200, 60, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "gps-and-owner-data"  # Software
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"private comment")
    return out.getvalue()


class ImageServer:
    def __init__(self, big_bytes: int):
        self.photo = jpeg_with_exif()
        routes = {
            "/photo.jpg": (200, {"Content-Type": "image/jpeg"}, self.photo),
            "/fake.png": (200, {"Content-Type": "image/png"}, b"<html>not an image</html>" * 20),
            "/big.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff" * big_bytes),
        }

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path.startswith("/redirect?to="):
                    self.send_response(302)
                    self.send_header("Location", self.path.split("=", 1)[1])
                    self.end_headers()
                    return
                if self.path == "/big-stream.jpg":  # no Content-Length: the stream is counted
                    self.send_response(200)
                    self.send_header("Content-Type", "image/jpeg")
                    self.end_headers()
                    try:
                        for _ in range(big_bytes // 65536 + 2):
                            self.wfile.write(b"\xff" * 65536)
                    except OSError:
                        pass
                    return
                status, headers, body = routes.get(self.path, (404, {}, b"missing"))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
