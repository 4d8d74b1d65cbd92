"""The feedback loop's pure parts: Beta evidence from ratings and edits, Thompson sampling
that prefers better-rated templates while still trying others, and edit signals read from
two versions of a page."""

from __future__ import annotations

import random

from infra.db.selection import top_candidates
from pagelogic.library import scores, signals


def _plan(*blocks: tuple[int, int]) -> dict:
    return {"blocks": [{"index": i, "template_id": t, "template_version": 1} for i, t in blocks]}


def _parts(**origins: str) -> dict:
    return {"blocks": {k.lstrip("b"): {"html": "<p>x</p>", "origin": o} for k, o in origins.items()}}


def test_ratings_and_edits_move_the_posterior():
    e = scores.Evidence()
    assert (e.alpha, e.beta, e.judged) == (1.0, 1.0, False)
    scores.add_rating(e, 1, block_index=2)
    scores.add_rating(e, -1, block_index=-1)  # the whole page: half a vote
    assert (e.alpha, e.beta) == (2.0, 1.5) and e.mean > 0.5


def test_unjudged_candidates_keep_the_library_order():
    assert scores.thompson([7, 3, 5], {}, random.Random(1)) == 7


def test_thompson_prefers_the_better_template_but_still_explores():
    evidence = {1: scores.Evidence(good=1, bad=8), 2: scores.Evidence(good=6, bad=1)}
    rng = random.Random(42)
    picks = [scores.thompson([1, 2, 3], evidence, rng) for _ in range(2000)]
    assert picks.count(2) > picks.count(3) > picks.count(1) > 0


def test_top_candidates_keep_the_first_few_per_block_type_in_order():
    class T:
        def __init__(self, id, block_type):
            self.id, self.block_type = id, block_type
    ranked = [T(1, "FAQ"), T(2, "FAQ"), T(3, "Notice"), T(4, "FAQ"), T(5, "FAQ")]
    groups = top_candidates(ranked, limit=3)
    assert [t.id for t in groups["FAQ"]] == [1, 2, 4] and [t.id for t in groups["Notice"]] == [3]


def test_edit_signals_name_the_template_of_the_block_that_was_judged():
    before = _plan((0, 10), (1, 11), (2, 12), (3, 13))
    after = _plan((0, 10), (1, 99), (3, 13))  # block 1 re-ran with another template, 2 deleted
    found = signals.between(before, _parts(b0="generated"), after, _parts(b0="generated"),
                            kept_blocks=[0, 3])
    assert [(s.template_id, s.kind) for s in found] == [(11, "regenerated"), (12, "deleted")]


def test_a_hand_edit_counts_once_and_a_revert_judges_nothing():
    plan = _plan((0, 10), (1, 11))
    edited = signals.between(plan, _parts(b0="generated", b1="generated"), plan,
                             _parts(b0="generated", b1="hand_edited"), kept_blocks=None)
    assert [(s.template_id, s.kind) for s in edited] == [(11, "hand_edited")]
    again = signals.between(plan, _parts(b1="hand_edited"), plan, _parts(b1="hand_edited"), None)
    assert again == []
    reverted = signals.between(plan, {}, _plan((0, 10)), {}, kept_blocks=None)
    assert reverted == []
