"""Page edits as changes to a stored page's plan and parts — pure.

An edit becomes an ordinary pipeline task: the edited plan plus the parts that stay as they
were (pre-recorded), so the existing fan-out sends only the missing block or image to the
block/image stages and the assembler stores the result as the page's next version. Delete
and reorder miss nothing: the fan-out goes straight to assembly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pagelogic import messages
from schemas.plan import BlockPlan, ImageKind, PagePlan


class EditRefused(ValueError):
    """The edit does not fit the page (unknown block, last block, bad order, …). ``key``
    names its sentence in pagelogic/messages (``edit.<key>``): str() is the Korean one, and
    the gateway answers in the seller's language with ``text(lang)``."""

    def __init__(self, key: str, **fields: object):
        self.key, self.fields = key, fields
        super().__init__(self.text(messages.DEFAULT))

    def text(self, lang: str) -> str:
        types = messages.table("BLOCK_TYPES", lang)  # block types by their name, not the code
        shown = {k: types.get(str(v), v) if k.endswith("_type") else v
                 for k, v in self.fields.items()}
        return messages.t(f"edit.{self.key}", lang, **shown)


@dataclass
class Edit:
    plan: PagePlan
    blocks: dict[int, dict]  # parts kept as they are
    images: dict[int, dict]
    note: str
    rerun: list[str] = field(default_factory=list)  # e.g. ["block 2"]


def _parts(parts: dict) -> tuple[dict[int, dict], dict[int, dict]]:
    return ({int(k): v for k, v in parts.get("blocks", {}).items()},
            {int(k): v for k, v in parts.get("images", {}).items()})


def _block(plan: PagePlan, index: int) -> BlockPlan:
    for block in plan.blocks:
        if block.index == index:
            return block
    raise EditRefused("no_block", position=index + 1)


def _label(plan: PagePlan, index: int) -> str:
    """The block as the seller sees it in the UI: 1-based place and kind ("4번 블록 · FAQ")."""
    block = _block(plan, index)  # EditRefused first: a StopIteration would hang the caller
    position = next(i for i, b in enumerate(plan.blocks, 1) if b is block)
    return messages.block_label(block.block_type.value, position)


def _with_instruction(purpose: str, instruction: str | None) -> str:
    if not instruction:
        return purpose
    return f"{purpose} / 판매자 요청: {instruction}"[-500:]


def regenerate_block(plan: PagePlan, parts: dict, index: int, instruction: str | None,
                     template: tuple[int, int] | None, title: str | None) -> Edit:
    plan = plan.model_copy(deep=True)
    blocks, images = _parts(parts)
    block = _block(plan, index)
    block.purpose = _with_instruction(block.purpose, instruction)
    if template:
        block.template_id, block.template_version = template
    if title:
        block.title = title
    blocks.pop(index, None)
    note = messages.note("regenerate_with", block=_label(plan, index), instruction=instruction) \
        if instruction else messages.note("regenerate", block=_label(plan, index))
    return Edit(plan, {b.index: blocks[b.index] for b in plan.blocks if b.index in blocks},
                images, note, [f"block {index}"])


def add_block(plan: PagePlan, parts: dict, block_type, position: int, title: str | None,
              instruction: str | None, template: tuple[int, int]) -> Edit:
    plan = plan.model_copy(deep=True)
    blocks, images = _parts(parts)
    if len(plan.blocks) >= 20:
        raise EditRefused("too_many_blocks")
    index = max(b.index for b in plan.blocks) + 1
    new = BlockPlan(index=index, block_type=block_type, title=title or "",
                    purpose=_with_instruction("", instruction),
                    template_id=template[0], template_version=template[1])
    plan.blocks.insert(min(position, len(plan.blocks)), new)
    note = messages.note("add", position=min(position, len(plan.blocks) - 1) + 1,
                         type=messages.block_type_label(block_type.value))
    return Edit(plan, blocks, images, note, [f"block {index}"])


def delete_block(plan: PagePlan, parts: dict, index: int) -> Edit:
    plan = plan.model_copy(deep=True)
    blocks, images = _parts(parts)
    label = _label(plan, index)
    if len(plan.blocks) == 1:
        raise EditRefused("last_block")
    plan.blocks = [b for b in plan.blocks if b.index != index]
    blocks.pop(index, None)
    return Edit(plan, blocks, images, messages.note("delete", block=label))


def reorder_blocks(plan: PagePlan, parts: dict, order: list[int]) -> Edit:
    plan = plan.model_copy(deep=True)
    blocks, images = _parts(parts)
    if sorted(order) != sorted(b.index for b in plan.blocks):
        raise EditRefused("bad_order")
    by_index = {b.index: b for b in plan.blocks}
    plan.blocks = [by_index[i] for i in order]
    return Edit(plan, blocks, images, messages.note("reorder"))


def replace_image(plan: PagePlan, parts: dict, index: int, prompt: str, kind: ImageKind,
                  reference_url: str | None, alt: str | None) -> Edit:
    plan = plan.model_copy(deep=True)
    blocks, images = _parts(parts)
    image = next((i for i in plan.images if i.index == index), None)
    if image is None:
        raise EditRefused("no_image", position=index + 1)
    if kind is ImageKind.edit and not (reference_url or image.reference_url):
        raise EditRefused("needs_reference")
    image.prompt, image.kind = prompt, kind
    image.reference_url = reference_url or image.reference_url
    if alt:
        image.alt = alt
    images.pop(index, None)
    position = next(i for i, im in enumerate(plan.images, 1) if im.index == index)
    note = messages.note("replace_image", image=messages.t("image_label", position=position))
    return Edit(plan, blocks, images, note, [f"image {index}"])


def style_variant(plan: PagePlan, style) -> PagePlan:
    plan = plan.model_copy(deep=True)
    plan.style = style
    return plan
