"""Which part progress goes out on pdp.status (infra/db/tasks.py PartCounts.announce)."""

from infra.db.tasks import PartCounts


def announced(blocks: int, images: int) -> list[int]:
    """The parts (1-based, in completion order) whose progress is published."""
    out = []
    total = blocks + images
    for done in range(1, total + 1):
        b = min(done, blocks)
        counts = PartCounts(b, done - b, blocks, images, 0, inserted=True)
        if counts.announce:
            out.append(done)
    return out


def test_a_page_publishes_at_most_three_progress_records_and_none_for_its_last_part():
    for blocks in range(1, 21):
        for images in range(0, 6):
            steps = announced(blocks, images)
            assert len(steps) <= 3, (blocks, images, steps)
            assert blocks + images not in steps
    assert announced(5, 2) == [2, 4, 6]  # a typical page: 7 parts → 3 records, not 7


def test_a_redelivered_part_publishes_nothing():
    assert not PartCounts(2, 0, 7, 0, 0, inserted=False).announce
