"""README's configuration table is rendered from the Settings model; it must not drift."""

from __future__ import annotations

import pytest
from pydantic import Field

from infra.settings import Settings
from pdp.cli import config_table


def test_readme_table_is_the_one_rendered_from_settings():
    readme = config_table.README.read_text(encoding="utf-8")
    assert config_table.replaced(readme, config_table.render()) == readme, (
        "README.md's configuration table is out of date: run "
        "`python -m pdp.cli.config_table --write`")


def test_every_setting_is_in_the_table_once():
    listed = [line.split(" | ")[0] for line in config_table.render().splitlines()[2:]]
    variables = " ".join(listed)
    for name, field in Settings.model_fields.items():
        assert variables.count(f"`{config_table.env_name(name, field)}`") == 1, name


def test_a_new_setting_without_a_meaning_is_refused(monkeypatch):
    class More(Settings):
        brand_new_knob: int = 3

    monkeypatch.setattr(config_table, "Settings", More)
    with pytest.raises(ValueError, match="brand_new_knob"):
        config_table.render()


def test_a_changed_default_shows_in_the_table(monkeypatch):
    class Changed(Settings):
        gateway_db_pool: int = Field(default=99, description="pool")

    monkeypatch.setattr(config_table, "Settings", Changed)
    assert "| `PDP_GATEWAY_DB_POOL` | `99` | pool |" in config_table.render()
