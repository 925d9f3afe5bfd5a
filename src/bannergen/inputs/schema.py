"""JSON Schemas of the YAML files, generated from the very models the loaders check against."""

from __future__ import annotations

import json
from pathlib import Path

from bannergen.errors import UserError
from bannergen.inputs.yamlio import Model, json_schema

TITLES = {
    "catalog": "bannergen — danh mục khẩu hiệu (slogans.yaml)",
    "template": "bannergen — mẫu trình bày (templates/*.yaml)",
    "order": "bannergen — đơn hàng in (order.yaml)",
    "settings": "bannergen — cài đặt của cơ quan (bannergen.toml)",
}

# The generated files ship inside the package, so that an editor can point at them offline.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def models() -> dict[str, Model]:
    """Each kind of YAML file the loaders read, with the Model they check it against."""
    from bannergen.inputs.catalog import CATALOG
    from bannergen.inputs.order import ORDER
    from bannergen.inputs.templates import TEMPLATE

    return {"catalog": CATALOG, "template": TEMPLATE, "order": ORDER}


def model(name: str) -> Model:
    """The Model behind a schema name; a clean UserError for an unknown name."""
    key = name.strip().lower()
    found = models().get(key)
    if found is None:
        raise UserError("unknown_schema", value=name, choices=", ".join(available()))
    return found


def schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    key = name.strip().lower()
    if key == "settings":  # a pydantic model: it makes its own schema
        from bannergen.inputs.settings import Settings

        return {"$schema": "https://json-schema.org/draft/2020-12/schema",
                **Settings.model_json_schema()}
    return json_schema(model(key), title=TITLES.get(key, key))


def dumps(data: dict) -> str:
    """Stable text: the committed files are compared byte for byte with a fresh generation."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def bundled_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


def available() -> list[str]:
    """The schema names: one per kind of YAML file, and the settings (TOML)."""
    return [*models(), "settings"]


def write_bundled() -> list[Path]:
    """Regenerate the shipped schema files (tests/test_schema.py checks they are current)."""
    written = []
    for name in available():
        path = bundled_path(name)
        path.write_text(dumps(schema(name)), encoding="utf-8")
        written.append(path)
    return written
