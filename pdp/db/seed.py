"""Load the starter template library (processors/starter_templates) into PostgreSQL.

Idempotent: categories are matched by name and templates by key; a changed template file
updates the stored template and bumps its version.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

import processors
from pdp.db.models import Category, Template

STARTER_DIR = Path(processors.__file__).parent / "starter_templates"


def load_starter_library(session: Session, folder: Path = STARTER_DIR) -> dict[str, int]:
    manifest = json.loads((folder / "templates.json").read_text(encoding="utf-8"))
    created = updated = 0
    for cat in manifest["categories"]:
        if session.execute(select(Category).where(Category.name == cat["name"])).scalar() is None:
            session.add(Category(name=cat["name"], description=cat.get("description")))
    session.flush()
    for item in manifest["templates"]:
        html = (folder / item["file"]).read_text(encoding="utf-8")
        meta = {"style_tags": item.get("style_tags", []), "description": item.get("description", ""),
                "source": "starter"}
        existing = session.execute(select(Template).where(Template.key == item["key"])).scalar()
        if existing is None:
            session.add(Template(key=item["key"], name=item["name"], block_type=item["block_type"],
                                 template_html=html, meta=meta, usage_count=0, version=1,
                                 is_active=True))
            created += 1
        elif existing.template_html != html:
            existing.template_html, existing.meta = html, meta
            existing.version += 1
            updated += 1
    return {"created": created, "updated": updated}
