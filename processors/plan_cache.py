"""The plans this worker fanned out, kept while their blocks are written — in-process.

A block message is a reference (task, index, template version); the block stage used to read
its block, style, controls and facts back from the stored plan for every block: a JSONB
detoast in PostgreSQL, a JSON decode and four model validations per block. The fan-out stage
has the plan and facts in hand, validated, so it leaves them here and the block stage takes
them from memory. A task's plan never changes once stored (an edit is a new task), so an
entry cannot go stale; a miss (another worker fanned the page out, or after a restart) reads
the stored plan as before. Bounded: the oldest entries go first, and assembly drops a
page's entry.

A new plan's parts are also ``fresh``: the plan stage stored the plan and sent them a moment
ago, so the first delivery of each to this same process needs no start read (is the task
still live, is the part stored already). Each part is claimed once; a redelivery, a re-drive
or a message that reaches another worker finds nothing to claim and reads as before, so a
paid provider call is still never repeated for a stored part.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from schemas.facts import ProductFacts
from schemas.plan import PagePlan

# Pages fanned out and not yet assembled on one worker: ~200 at the bench's heaviest level.
CAPACITY = 512


@dataclass
class CachedPlan:
    plan: PagePlan
    facts: ProductFacts
    user_id: str
    fresh: set[tuple[str, int]] = field(default_factory=set)  # (kind, index) not started


class PlanCache:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self._items: OrderedDict[str, CachedPlan] = OrderedDict()
        self._capacity = capacity

    def put(self, task_id: str, plan: PagePlan, facts: ProductFacts, user_id: str,
            fresh: set[tuple[str, int]] | None = None) -> None:
        self._items[task_id] = CachedPlan(plan, facts, user_id, set(fresh or ()))
        self._items.move_to_end(task_id)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, task_id: str) -> CachedPlan | None:
        return self._items.get(task_id)

    def claim_fresh(self, task_id: str, kind: str, index: int) -> CachedPlan | None:
        """The entry, if this part was sent by this process's plan stage and not claimed
        before (its first delivery here); None otherwise."""
        entry = self._items.get(task_id)
        if entry is None or (kind, index) not in entry.fresh:
            return None
        entry.fresh.discard((kind, index))
        return entry

    def drop(self, task_id: str) -> None:
        self._items.pop(task_id, None)

    def __len__(self) -> int:
        return len(self._items)
