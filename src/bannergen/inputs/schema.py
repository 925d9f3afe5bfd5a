"""JSON Schemas of the YAML files, generated from the very models the loaders check against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from bannergen.errors import UserError

TITLES = {
    "catalog": "bannergen — danh mục khẩu hiệu (slogans.yaml)",
    "template": "bannergen — mẫu trình bày (templates/*.yaml)",
    "order": "bannergen — đơn hàng in (order.yaml)",
    "settings": "bannergen — cài đặt của cơ quan (bannergen.toml)",
    "event": "bannergen — sự kiện (phông hội trường, băng rôn đại hội)",
}

# The generated files ship inside the package, so that an editor can point at them offline.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def models() -> dict[str, type[BaseModel]]:
    """Each kind of YAML file the loaders read, with the model they validate it against."""
    from bannergen.inputs.catalog import Catalogue
    from bannergen.inputs.event import Event
    from bannergen.inputs.order import Order
    from bannergen.inputs.settings import Settings
    from bannergen.inputs.templates import Template

    return {"catalog": Catalogue, "template": Template, "order": Order, "settings": Settings, "event": Event}


def model(name: str) -> type[BaseModel]:
    """The model behind a schema name; a clean UserError for an unknown name."""
    key = name.strip().lower()
    found = models().get(key)
    if found is None:
        raise UserError("unknown_schema", value=name, choices=", ".join(available()))
    return found


def schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    key = name.strip().lower()
    generated = model(key).model_json_schema(schema_generator=_Generator)
    _empty_is_absent(generated)
    _plain_numbers(generated)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": TITLES.get(key, key), **{k: v for k, v in generated.items() if k != "title"}}


class _Generator(GenerateJsonSchema):
    # A property's title would only repeat its key ("Slogans"); the description says what it is.
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _empty_is_absent(schema: dict) -> None:
    """The loader reads an optional key left empty (`note:`) as absent (InputModel); so must the
    editor: every optional property also accepts null, said as plainly as JSON Schema allows."""
    for node in [schema, *schema.get("$defs", {}).values()]:
        required = set(node.get("required", ()))
        for name, prop in node.get("properties", {}).items():
            if len(prop.get("allOf", ())) == 1:  # older pydantic wraps a $ref that has a description
                prop.update(prop.pop("allOf")[0])
            if name in required:
                continue
            notes = {k: prop.pop(k) for k in ("description", "default") if k in prop}
            options = [o for o in prop.pop("anyOf", [dict(prop)]) if o != {"type": "null"}]
            prop.clear()
            if len(options) == 1 and set(options[0]) <= {"type", "minimum", "maximum"}:
                kinds = options[0]["type"]
                prop.update(options[0], type=[*(kinds if isinstance(kinds, list) else [kinds]), "null"])
            else:
                prop["anyOf"] = [*options, {"type": "null"}]
            prop.update(notes)


def _plain_numbers(node: Any) -> None:
    """Bounds as the model states them (`ge=10`, not `10.0`), whichever pydantic wrote them."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("minimum", "maximum") and isinstance(value, float) and value.is_integer():
                node[key] = int(value)
            else:
                _plain_numbers(value)
    elif isinstance(node, list):
        for item in node:
            _plain_numbers(item)


def dumps(data: dict) -> str:
    """Stable text: the committed files are compared byte for byte with a fresh generation."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def bundled_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


def available() -> list[str]:
    """The schema names: one per kind of YAML file, and the settings (TOML)."""
    return list(models())


def write_bundled() -> list[Path]:
    """Regenerate the shipped schema files (tests/test_schema.py checks they are current)."""
    written = []
    for name in available():
        path = bundled_path(name)
        path.write_text(dumps(schema(name)), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # `python -m bannergen.inputs.schema`: the documented regeneration
    for written in write_bundled():
        print(written)
