"""Edits compose: every ordered pair of edit operations, run through the pure logic the
services use (plan_ops → rebase → assemble, hand_edit), keeps every block the second edit
does not target byte-identical, with the right origin."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from pagelogic.assemble.logic import assemble_page
from pagelogic.edits import compose, plan_ops
from pagelogic.plan.style import all_concepts
from schemas.plan import BlockPlan, BlockType, ImageKind, ImagePlan, PagePlan

OPS = ("hand_edit", "regenerate", "move", "delete", "add", "replace_image")


@dataclass
class Page:
    """A version as the services store it: plan, raw parts, block metadata, html_list."""

    plan: dict
    parts: dict
    blocks: list[dict]
    html_list: list[str]

    def shown(self) -> dict[int, str]:
        return dict(zip(compose.shown_indexes(self.blocks), self.html_list))

    def origins(self) -> dict[int, str]:
        return {m["index"]: m["origin"] for m in self.blocks}


class Stages:
    """Stand-ins for the block and image stages: every run writes something new."""

    def __init__(self) -> None:
        self.runs = 0

    def block(self, block: BlockPlan) -> dict:
        self.runs += 1
        image = "" if block.image_index is None else f'<img src="pdp-image://{block.image_index}">'
        return {"html": f"<section><h2>{block.title} 실행 {self.runs}</h2>{image}</section>",
                "template_id": block.template_id, "template_version": block.template_version}

    def image(self, image: ImagePlan) -> dict:
        self.runs += 1
        return {"index": image.index, "url": f"/media/{self.runs:02d}/img.png", "alt": image.alt}


def run_pipeline(page: Page, edit: plan_ops.Edit, stages: Stages, latest: Page | None = None) -> Page:
    """What create_task → fan-out → rebase_on_latest → assemble → store do with an edit."""
    blocks = dict(edit.blocks) | {b.index: stages.block(b) for b in edit.plan.blocks
                                  if b.index not in edit.blocks}
    images = dict(edit.images) | {i.index: stages.image(i) for i in edit.plan.images
                                  if i.index not in edit.images}
    latest = latest or page
    rebased = compose.rebase(edit.plan.model_dump(mode="json"), blocks, images, latest.plan,
                             latest.parts, set(edit.blocks), set(edit.images))
    built = assemble_page(PagePlan.model_validate(rebased.plan), rebased.blocks, rebased.images)
    parts = {"blocks": {str(k): v for k, v in rebased.blocks.items()},
             "images": {str(k): v for k, v in rebased.images.items()}}
    return Page(rebased.plan, parts, built.blocks, built.html_list)


def image_urls(page: Page) -> dict[int, str]:
    return {int(k): v["url"] for k, v in page.parts["images"].items()}


def hand_edit(page: Page, index: int, text: str) -> Page:
    submitted = list(page.html_list)
    position = compose.shown_indexes(page.blocks).index(index)
    url = image_urls(page)[0]
    submitted[position] = f'<section onclick="x()"><h2>{text}</h2><img src="{url}"></section>'
    edit = compose.hand_edit(page.html_list, page.blocks, page.parts, submitted, image_urls(page))
    return Page(page.plan, edit.parts, edit.blocks_meta, edit.html_list)


def first_page(stages: Stages) -> Page:
    plan = PagePlan(title="t", style=all_concepts()[0], blocks=[
        BlockPlan(index=i, block_type=t, title=f"블록 {i}", template_id=i + 1, template_version=1,
                  image_index=0 if i == 0 else None)
        for i, t in enumerate([BlockType.Introduction, BlockType.KeyFeatures,
                               BlockType.Specifications, BlockType.FAQ])
    ], images=[ImagePlan(index=0, kind=ImageKind.generate, prompt="p", alt="제품")])
    empty = Page(plan.model_dump(mode="json"), {"blocks": {}, "images": {}}, [], [])
    return run_pipeline(empty, plan_ops.Edit(plan, {}, {}, "generated"), stages)


def apply(op: str, page: Page, target: int, stages: Stages) -> tuple[Page, set[int]]:
    """Run ``op`` on block ``target`` (image 0 for replace_image); returns the new version
    and the block indexes the op is meant to change."""
    plan = PagePlan.model_validate(page.plan)
    if op == "hand_edit":
        stages.runs += 1
        return hand_edit(page, target, f"손으로 고친 {stages.runs}"), {target}
    if op == "regenerate":
        edit = plan_ops.regenerate_block(plan, page.parts, target, None, None, "새 제목")
        return run_pipeline(page, edit, stages), {target}
    if op == "move":
        order = [b.index for b in plan.blocks][::-1]
        return run_pipeline(page, plan_ops.reorder_blocks(plan, page.parts, order), stages), set()
    if op == "delete":
        return run_pipeline(page, plan_ops.delete_block(plan, page.parts, target), stages), {target}
    if op == "add":
        edit = plan_ops.add_block(plan, page.parts, BlockType.FAQ, 0, "추가", None, (9, 1))
        return run_pipeline(page, edit, stages), {edit.plan.blocks[0].index}
    edit = plan_ops.replace_image(plan, page.parts, 0, "다른 각도", ImageKind.generate, None, "새")
    old = image_urls(page)[0]
    return run_pipeline(page, edit, stages), {i for i, h in page.shown().items() if old in h}


def expected_origin(op: str, before: Page, index: int) -> str:
    if op == "hand_edit":
        return "hand_edited"
    if op in ("regenerate", "add"):
        return "generated"
    return before.origins()[index]  # replace_image changes a URL, not who wrote the block


@pytest.mark.parametrize("same_target", [False, True], ids=["other-block", "same-block"])
@pytest.mark.parametrize("first,second", list(itertools.product(OPS, OPS)),
                         ids=lambda op: op)
def test_second_edit_keeps_every_block_it_does_not_target(first, second, same_target):
    stages = Stages()
    page = first_page(stages)
    after_first, _ = apply(first, page, 0, stages)
    target = 0 if same_target and first != "delete" else 1
    after_second, targeted = apply(second, after_first, target, stages)
    before, after = after_first.shown(), after_second.shown()
    for index in set(before) - targeted:
        assert after[index] == before[index], (first, second, index)
        assert after_second.origins()[index] == after_first.origins()[index]
    for index in targeted & set(after):
        assert after[index] != before.get(index), (first, second, index)
        assert after_second.origins()[index] == expected_origin(second, after_first, index)
    assert set(after) == set(before) - ({target} if second == "delete" else set()) | (
        targeted if second == "add" else set())


def test_hand_edit_then_regenerate_another_block_keeps_the_hand_edit():
    """The finding: block 2 edited by hand, block 1 regenerated → block 2 was generated again."""
    stages = Stages()
    edited = hand_edit(first_page(stages), 2, "내가 쓴 문장")
    regenerated, _ = apply("regenerate", edited, 1, stages)
    assert "내가 쓴 문장" in regenerated.shown()[2]
    assert regenerated.shown()[2] == edited.shown()[2]
    assert regenerated.origins() == {0: "generated", 1: "generated", 2: "hand_edited",
                                     3: "generated"}


def test_hand_edit_is_sanitized_and_follows_its_image():
    stages = Stages()
    edited = hand_edit(first_page(stages), 1, "내 문장")
    assert "onclick" not in edited.shown()[1] and "내 문장" in edited.shown()[1]
    assert edited.parts["blocks"]["1"]["html"].count("pdp-image://0") == 1
    assert edited.blocks[1]["grounding"] is None and edited.parts["blocks"]["1"]["template_id"] == 2
    replaced, _ = apply("replace_image", edited, 0, stages)
    new_url = image_urls(replaced)[0]
    assert new_url != image_urls(edited)[0]
    assert replaced.shown()[1] == edited.shown()[1].replace(image_urls(edited)[0], new_url)


def test_resubmitting_the_page_unchanged_changes_no_block():
    page = first_page(Stages())
    submitted = [f"  {h}\n" for h in page.html_list]  # PagePatch strips around entries
    same = compose.hand_edit(page.html_list, page.blocks, page.parts, submitted, image_urls(page))
    assert same.edited == [] and same.html_list == page.html_list and same.parts == page.parts
    with pytest.raises(plan_ops.EditRefused):
        compose.hand_edit(page.html_list, page.blocks, page.parts, page.html_list[:2], {})


def test_a_dropped_block_is_skipped_when_positions_map_to_blocks():
    meta = [{"index": 0}, {"index": 1, "dropped": True}, {"index": 2}]
    assert compose.shown_indexes(meta) == [0, 2]
    edit = compose.hand_edit(["<p>a</p>", "<p>c</p>"], meta, {"blocks": {}}, ["<p>a</p>", "<p>x</p>"], {})
    assert edit.edited == [2] and edit.parts["blocks"]["2"]["origin"] == "hand_edited"


def test_an_edit_stored_after_a_hand_edit_keeps_it():
    """Regenerate block 1 starts from version N; block 3 is edited by hand while it runs;
    the regenerate's result is stored on top of the hand edit, not over it."""
    stages = Stages()
    page = first_page(stages)
    edit = plan_ops.regenerate_block(PagePlan.model_validate(page.plan), page.parts, 1, None,
                                     None, "새 제목")
    meanwhile = hand_edit(page, 3, "그 사이에 고침")
    stored = run_pipeline(page, edit, stages, latest=meanwhile)
    assert stored.shown()[3] == meanwhile.shown()[3] and stored.origins()[3] == "hand_edited"
    assert "새 제목" in stored.shown()[1] and stored.shown()[0] == page.shown()[0]


def test_unswap_only_touches_attribute_values_of_the_pages_images():
    html = '<p>/media/a.png</p><img src="/media/a.png"><img src="/media/a.png.bak">'
    assert compose.unswap_images(html, {3: "/media/a.png"}) == (
        '<p>/media/a.png</p><img src="pdp-image://3"><img src="/media/a.png.bak">')
    assert compose.unswap_images(html, {}) == html
