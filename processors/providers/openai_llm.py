"""The OpenAI provider (official `openai` SDK): page plans and block slot values as
structured outputs, plus prompt translation for the image model.

Works with any OpenAI-compatible server through OPENAI_BASE_URL. The SDK's own retries are
off (max_retries=0): retries, backoff, deadlines and the circuit breaker live in
``Resilience`` so they are bounded, logged and the same for every provider.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from openai import AsyncOpenAI
from pydantic import BaseModel, ValidationError

from pagelogic.plan.logic import build_plan, has_content
from processors.providers import prompts
from processors.providers.base import MalformedOutput
from processors.providers.resilience import Resilience
from processors.providers.usage import price, record
from schemas.blocks import SLOT_MODELS, ImageSlot
from schemas.controls import SellerControls
from schemas.facts import ProductFacts
from schemas.llm import FreeformBlock, PlanDraft, Translation
from schemas.plan import BlockPlan, BlockType, PagePlan, StyleConcept
from schemas.quality import CallCost

log = logging.getLogger("pdp.providers")
M = TypeVar("M", bound=BaseModel)


class OpenAIChat:
    def __init__(self, client: AsyncOpenAI, model: str, temperature: float,
                 resilience: Resilience, prices: dict[str, dict[str, float]]):
        self.client, self.model, self.temperature = client, model, temperature
        self.resilience, self.prices = resilience, prices

    async def structured(self, schema: type[M], system: str, user: str, purpose: str) -> M:
        """One structured reply; a malformed one is repaired, else asked for once more."""
        messages: list[dict] = [{"role": "system", "content": system},
                                {"role": "user", "content": user}]
        error = ""
        for _ in range(2):
            raw = await self.resilience.call(
                lambda: self.client.chat.completions.with_raw_response.parse(
                    model=self.model, messages=messages, response_format=schema,
                    temperature=self.temperature), purpose)
            content, parsed, error = self._read(raw, schema, purpose)
            if parsed is not None:
                return parsed
            log.warning("malformed %s reply from %s (%s); asking again", purpose, self.model,
                        error[:200])
            messages += [{"role": "assistant", "content": content or ""},
                         {"role": "user", "content": "Your reply did not match the JSON schema "
                          f"({error[:300]}). Reply again with only the JSON object."}]
        raise MalformedOutput("AI 응답 형식이 올바르지 않습니다(2회 시도).",
                              detail=f"{purpose}: {error[:1500]}")

    def _read(self, raw, schema: type[M], purpose: str) -> tuple[str | None, M | None, str]:
        try:
            body = raw.http_response.json()
            usage = body.get("usage") or {}
            choice = body["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            return None, None, f"unreadable response body: {exc}"
        tokens_in, tokens_out = int(usage.get("prompt_tokens", 0)), int(
            usage.get("completion_tokens", 0))
        record(CallCost(provider="openai", model=self.model, kind="chat", purpose=purpose,
                        tokens_in=tokens_in, tokens_out=tokens_out,
                        usd=price(self.prices, self.model, tokens_in=tokens_in,
                                  tokens_out=tokens_out)))
        if choice.get("refusal"):
            raise MalformedOutput("AI가 응답을 거부했습니다.",
                                  detail=f"{purpose} refused: {choice['refusal'][:500]}")
        content = choice.get("content")
        try:
            parsed = raw.parse().choices[0].message.parsed
            if parsed is not None:
                return content, parsed, ""
        except (ValidationError, ValueError) as exc:
            error = str(exc)
        else:
            error = "empty reply"
        repaired = prompts.repair_json(content)
        if repaired:
            try:
                return content, schema.model_validate_json(repaired), ""
            except ValidationError as exc:
                error = str(exc)
        return content, None, error

    async def to_english(self, text: str) -> str:
        if not prompts.has_hangul(text):
            return text
        reply = await self.structured(Translation, prompts.TRANSLATE_SYSTEM,
                                      prompts.translate_user(text), "translate")
        return reply.english


class OpenAIPlanner:
    def __init__(self, chat: OpenAIChat):
        self.chat = chat

    async def plan(self, facts: ProductFacts, chosen: list[BlockType] | None,
                   controls: SellerControls | None = None) -> PagePlan:
        draft = await self.chat.structured(PlanDraft, prompts.PLAN_SYSTEM,
                                           prompts.plan_user(facts, chosen, controls), "plan")
        # Only blocks the product text has content for: the model may not plan an empty
        # (and so invented) block. Blocks the seller chose are kept as chosen.
        drafted = [b for b in draft.blocks if has_content(b.block_type, facts)]
        types = chosen or [b.block_type for b in drafted]
        titles = {}
        for b in drafted:
            titles.setdefault(b.block_type, b.title)
        plan = build_plan(facts, draft.style, types, titles=titles, title=draft.title or None)
        return plan.model_copy(update={"seo": draft.seo})


class OpenAIWriter:
    def __init__(self, chat: OpenAIChat):
        self.chat = chat

    async def write(self, block: BlockPlan, facts: ProductFacts, style: StyleConcept,
                    controls: SellerControls | None = None) -> BaseModel:
        slots = await self.chat.structured(SLOT_MODELS[block.block_type], prompts.BLOCK_SYSTEM,
                                           prompts.block_user(block, facts, style, controls),
                                           f"block {block.index} {block.block_type.value}")
        return with_planned_image(slots, block)


class OpenAIRewriter:
    """Freeform mode: reword a rendered block (the caller checks the structure)."""

    def __init__(self, chat: OpenAIChat):
        self.chat = chat

    async def rewrite(self, html: str, facts: ProductFacts,
                      controls: SellerControls | None = None) -> str:
        reply = await self.chat.structured(FreeformBlock, prompts.FREEFORM_SYSTEM,
                                           prompts.freeform_user(html, facts, controls),
                                           "freeform")
        return reply.html


def with_planned_image(slots: BaseModel, block: BlockPlan) -> BaseModel:
    """The plan, not the model, decides which image a block shows."""
    if "image" not in type(slots).model_fields:
        return slots
    current = getattr(slots, "image", None)
    image = None
    if block.image_index is not None:
        alt = (current.alt if current and current.alt else block.title) or "제품 이미지"
        image = ImageSlot(ref=block.image_index, alt=alt)
    return slots.model_copy(update={"image": image})
