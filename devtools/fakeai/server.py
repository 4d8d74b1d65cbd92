"""The fake AI server: OpenAI chat completions (structured outputs, usage) and Together
image generation (url and b64_json), scripted per test through /_fake/* or in-process.

Run it with `pdp fake-ai`, then point the real SDKs at it:
OPENAI_BASE_URL=http://127.0.0.1:PORT/v1, TOGETHER_BASE_URL=http://127.0.0.1:PORT.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
import uuid
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from devtools.fakeai.replies import png, structured_reply, usage
from devtools.fakeai.rules import Rule, Script

HANG_S = 3600.0


def _error(status: int, retry_after: float | None) -> JSONResponse:
    headers = {"retry-after": f"{retry_after:g}"} if retry_after is not None else {}
    kind = "rate_limit_exceeded" if status == 429 else "server_error"
    return JSONResponse({"error": {"message": f"fake {status}", "type": kind, "code": kind}},
                        status_code=status, headers=headers)


def create_fake_app(script: Script | None = None, image_format: str = "url") -> FastAPI:
    app = FastAPI(title="fake OpenAI + Together")
    app.state.script = script = script or Script()
    files: dict[str, bytes] = {}

    async def prelude(request: Request, api: str) -> tuple[dict, Rule | None, Response | None]:
        body = await request.json()
        schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("name")
        text = json.dumps(body, ensure_ascii=False)
        rule = script.pick(api, schema, text)
        script.calls.append({"api": api, "schema": schema, "t": time.time(),
                             "action": rule.action if rule else "default",
                             "rule": script.rules.index(rule) if rule else None,
                             "model": body.get("model"), "image_url": body.get("image_url"),
                             "auth": request.headers.get("authorization", "")[:7]})
        if not request.headers.get("authorization"):
            return body, rule, _error(401, None)
        if rule and rule.delay_s:
            await asyncio.sleep(rule.delay_s)
        if rule and rule.action == "hang":
            deadline = time.monotonic() + HANG_S
            while not script.stopping and time.monotonic() < deadline:
                await asyncio.sleep(0.1)  # until the client gives up or the server stops
        if rule and rule.action == "status":
            return body, rule, _error(rule.status, rule.retry_after)
        return body, rule, None

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Response:
        body, rule, early = await prelude(request, "chat")
        if early is not None:
            return early
        schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("name")
        if rule and rule.action == "malformed":
            content = '```json\n{"title": "broken reply", "blocks": [ {"block_type": '
        elif rule and rule.action == "reply":
            content = rule.content if isinstance(rule.content, str) else json.dumps(
                rule.content, ensure_ascii=False)
        else:
            content = json.dumps(structured_reply(schema, body.get("messages", [])),
                                 ensure_ascii=False)
        return JSONResponse({
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion",
            "created": int(time.time()), "model": body.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": content,
                                     "refusal": None}}],
            "usage": usage(json.dumps(body.get("messages", []), ensure_ascii=False), content)})

    @app.post("/v1/images/generations")
    async def images(request: Request) -> Response:
        body, rule, early = await prelude(request, "images")
        if early is not None:
            return early
        data = png(int(body.get("width") or 64), int(body.get("height") or 64))
        fmt = (rule.image_format if rule and rule.image_format else None) or (
            "b64_json" if body.get("response_format") == "base64" else image_format)
        if rule and rule.action == "malformed":
            item = {"index": 0, "type": "b64_json", "b64_json": "!!not base64!!"}
        elif fmt == "b64_json":
            item = {"index": 0, "type": "b64_json", "b64_json": base64.b64encode(data).decode()}
        else:
            name = f"{uuid.uuid4().hex}.png"
            files[name] = data
            item = {"index": 0, "type": "url", "url": f"{str(request.base_url).rstrip('/')}/files/{name}"}
        return JSONResponse({"id": uuid.uuid4().hex, "model": body.get("model", ""),
                             "object": "list", "data": [item]})

    @app.get("/files/{name}")
    async def file(name: str) -> Response:
        data = files.get(name)
        return Response(data, media_type="image/png") if data else Response(status_code=404)

    @app.post("/_fake/rules")
    async def set_rules(rules: list[Rule]) -> dict[str, int]:
        script.rules = rules
        return {"rules": len(rules)}

    @app.get("/_fake/calls")
    async def calls() -> list[dict[str, Any]]:
        return script.calls

    return app


class FakeAIServer:
    """The fake server on a background thread (tests, `pdp fake-ai`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, image_format: str = "url"):
        from devtools.embedded.broker import free_port

        self.script = Script()
        self.host, self.port = host, port or free_port()
        self.app = create_fake_app(self.script, image_format)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host=self.host, port=self.port,
                                                    log_level="warning", lifespan="off",
                                                    timeout_graceful_shutdown=1))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def env(self) -> dict[str, str]:
        """Environment for a stack whose providers should talk to this server."""
        return {"PDP_PROVIDER": "openai", "OPENAI_API_KEY": "sk-fake",
                "OPENAI_BASE_URL": f"{self.url}/v1", "TOGETHER_API_KEY": "fake",
                "TOGETHER_BASE_URL": self.url, "PDP_FETCH_ALLOW_PRIVATE": "127.0.0.1/32,::1/128"}

    def set_rules(self, rules: list[Rule | dict]) -> None:
        self.script.rules = [r if isinstance(r, Rule) else Rule.model_validate(r) for r in rules]

    def start(self) -> "FakeAIServer":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake AI server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.script.stopping = True
        self.server.should_exit = True
        self.thread.join(timeout=5)
