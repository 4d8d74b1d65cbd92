"""The plans this worker fanned out, kept while their blocks are written — in-process.

A block message is a reference (task, index, template version); the block stage used to read
its block, style, controls and facts back from the stored plan for every block: a JSONB
detoast in PostgreSQL, a JSON decode and four model validations per block. The fan-out stage
has the plan and facts in hand, validated, so it leaves them here and the block stage takes
them from memory. A task's plan never changes once stored (an edit is a new task), so an
entry cannot go stale; a miss (another worker fanned the page out, or after a restart) reads
the stored plan as before. Bounded: the oldest entries go first, and assembly drops a
page's entry.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from schemas.facts import ProductFacts
from schemas.plan import PagePlan

# Pages fanned out and not yet assembled on one worker: ~200 at the bench's heaviest level.
CAPACITY = 512


@dataclass(frozen=True)
class CachedPlan:
    plan: PagePlan
    facts: ProductFacts


class PlanCache:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self._items: OrderedDict[str, CachedPlan] = OrderedDict()
        self._capacity = capacity

    def put(self, task_id: str, plan: PagePlan, facts: ProductFacts) -> None:
        self._items[task_id] = CachedPlan(plan, facts)
        self._items.move_to_end(task_id)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, task_id: str) -> CachedPlan | None:
        return self._items.get(task_id)

    def drop(self, task_id: str) -> None:
        self._items.pop(task_id, None)

    def __len__(self) -> int:
        return len(self._items)
