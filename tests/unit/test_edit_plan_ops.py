"""Page edits as plan changes: which parts are kept (pre-recorded) and which re-run."""

from __future__ import annotations

import pytest

from pagelogic.edits import plan_ops
from pagelogic.plan.style import all_concepts
from schemas.plan import BlockPlan, BlockType, ImageKind, ImagePlan, PagePlan


def plan() -> PagePlan:
    return PagePlan(title="t", style=all_concepts()[0], blocks=[
        BlockPlan(index=0, block_type=BlockType.Introduction, title="a", image_index=0,
                  template_id=1, template_version=1),
        BlockPlan(index=1, block_type=BlockType.KeyFeatures, title="b", template_id=2,
                  template_version=1),
        BlockPlan(index=2, block_type=BlockType.FAQ, title="c", template_id=3, template_version=1),
    ], images=[ImagePlan(index=0, kind=ImageKind.generate, prompt="p", alt="x")])


PARTS = {"blocks": {"0": {"html": "A"}, "1": {"html": "B"}, "2": {"html": "C"}},
         "images": {"0": {"url": "/media/x.svg"}}}


def test_regenerate_keeps_every_other_part_and_carries_the_instruction():
    edit = plan_ops.regenerate_block(plan(), PARTS, 1, "더 짧게", (9, 4), None)
    assert sorted(edit.blocks) == [0, 2] and sorted(edit.images) == [0]
    block = next(b for b in edit.plan.blocks if b.index == 1)
    assert "더 짧게" in block.purpose and (block.template_id, block.template_version) == (9, 4)
    assert plan().blocks[1].template_id == 2  # the source plan is not changed


def test_add_delete_reorder_replace():
    added = plan_ops.add_block(plan(), PARTS, BlockType.FAQ, 0, None, None, (3, 1))
    assert [b.index for b in added.plan.blocks] == [3, 0, 1, 2] and sorted(added.blocks) == [0, 1, 2]
    deleted = plan_ops.delete_block(plan(), PARTS, 0)
    assert [b.index for b in deleted.plan.blocks] == [1, 2] and not deleted.rerun
    order = plan_ops.reorder_blocks(plan(), PARTS, [2, 0, 1])
    assert [b.index for b in order.plan.blocks] == [2, 0, 1] and sorted(order.blocks) == [0, 1, 2]
    image = plan_ops.replace_image(plan(), PARTS, 0, "new", ImageKind.generate, None, "alt")
    assert image.images == {} and image.plan.images[0].prompt == "new"


@pytest.mark.parametrize("make", [
    lambda: plan_ops.regenerate_block(plan(), PARTS, 7, None, None, None),
    lambda: plan_ops.reorder_blocks(plan(), PARTS, [0, 1]),
    lambda: plan_ops.reorder_blocks(plan(), PARTS, [0, 1, 1]),
    lambda: plan_ops.replace_image(plan(), PARTS, 4, "p", ImageKind.generate, None, None),
    lambda: plan_ops.replace_image(plan(), PARTS, 0, "p", ImageKind.edit, None, None),
    lambda: plan_ops.delete_block(plan_ops.delete_block(
        plan_ops.delete_block(plan(), PARTS, 0).plan, PARTS, 1).plan, PARTS, 2),
])
def test_edits_that_do_not_fit_are_refused(make):
    with pytest.raises(plan_ops.EditRefused):
        make()


@pytest.mark.parametrize("url", ["http://169.254.169.254/x", "file:///etc/passwd",
                                 "http://10.0.0.1/a.png", "javascript:alert(1)"])
def test_replace_image_reference_must_be_stored_or_public(url):
    from pydantic import ValidationError

    from schemas.resources import ReplaceImage
    with pytest.raises(ValidationError):
        ReplaceImage(prompt="p", kind="edit", reference_url=url)
    assert ReplaceImage(prompt="p", kind="edit", reference_url="/media/ab/" + "ab" * 32 + ".jpg").reference_url


def test_an_edit_of_a_block_that_does_not_exist_is_refused_not_a_hang():
    """A bare next() raised StopIteration on a worker thread: the request never answered."""
    from pagelogic.edits import plan_ops
    from pagelogic.facts.extract import extract_facts
    from pagelogic.plan.logic import plan_page
    from schemas.api import GenerationRequest

    plan = plan_page(extract_facts(GenerationRequest(product_data="텀블러\n용량: 500ml")))
    for index in (-1, 10**20):
        with pytest.raises(plan_ops.EditRefused):
            plan_ops.delete_block(plan, {}, index)
