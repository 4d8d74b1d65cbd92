"""The README's configuration table, rendered from the Settings model (infra/settings.py):
variable names from the field names and aliases, defaults from the field defaults, meanings
from the attribute docstrings. Fields that share one docstring and follow each other form one
row (``A`` / ``B``). tests/unit/test_config_table.py fails when README.md is out of step.

    python -m pdp.cli.config_table           # print the table
    python -m pdp.cli.config_table --write   # replace it in README.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pydantic import AliasChoices, SecretStr
from pydantic.fields import FieldInfo

from infra.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- config-table:start -->", "<!-- config-table:end -->"
# Defaults that read better as what they mean than as the Python value.
SHOWN = {
    "database_url": "— (embedded)",
    "kafka_bootstrap_servers": "— (embedded Tansu)",
    "media_dir": "`$PDP_HOME/media`",
    "price_table": "gpt-4o-mini, FLUX prices",
}


def env_name(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"PDP_{name.upper()}"


def shown_default(name: str, field: FieldInfo) -> str:
    if name in SHOWN:
        return SHOWN[name]
    value = field.default
    if value is None:
        return "—"
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value == "" or value == [] or value == {}:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def rows() -> list[tuple[list[str], list[str], str]]:
    """(variables, defaults, meaning) per row, in the order of the Settings model."""
    out: list[tuple[list[str], list[str], str]] = []
    for name, field in Settings.model_fields.items():
        meaning = " ".join((field.description or "").split())
        if not meaning:
            raise ValueError(f"Settings.{name} has no docstring: say what it means")
        if out and out[-1][2] == meaning:
            out[-1][0].append(env_name(name, field))
            out[-1][1].append(shown_default(name, field))
        else:
            out.append(([env_name(name, field)], [shown_default(name, field)], meaning))
    return out


def render() -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for names, defaults, meaning in rows():
        same = len(set(defaults)) == 1 and len(defaults) > 1 and defaults[0] in ("—", "empty")
        default = defaults[0] if same else " / ".join(defaults)
        lines.append(f"| {' / '.join(f'`{n}`' for n in names)} | {default} | {meaning} |")
    return "\n".join(lines) + "\n"


def replaced(readme: str, table: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise ValueError(f"README.md has no {START} … {END} section")
    return pattern.sub(lambda _: f"{START}\n{table}{END}", readme)


def main(argv: list[str]) -> None:
    table = render()
    if "--write" in argv:
        README.write_text(replaced(README.read_text(encoding="utf-8"), table), encoding="utf-8")
        print(f"wrote the configuration table into {README}")
    else:
        sys.stdout.write(table)


if __name__ == "__main__":
    main(sys.argv[1:])
