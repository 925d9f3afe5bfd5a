"""JSON Schemas of the YAML files, generated from the very models the loaders check against."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from bannergen.errors import UserError
from bannergen.yamlio import Model, json_schema

# name -> "module:attribute" of the Model. Looked up lazily, so that a model added by another
# module (the order file, bannergen.order.ORDER) is served as soon as that module exists.
MODELS: dict[str, str] = {
    "catalog": "bannergen.catalog:CATALOG",
    "template": "bannergen.templates:TEMPLATE",
    "order": "bannergen.order:ORDER",
}

TITLES = {
    "catalog": "bannergen — danh mục khẩu hiệu (slogans.yaml)",
    "template": "bannergen — mẫu trình bày (templates/*.yaml)",
    "order": "bannergen — đơn hàng in (order.yaml)",
}

# The generated files ship inside the package, so that an editor can point at them offline.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def model(name: str) -> Model:
    """The Model behind a schema name; a clean UserError when the name or its module is unknown."""
    key = name.strip().lower()
    if key not in MODELS:
        raise UserError("unknown_schema", value=name, choices=", ".join(MODELS))
    module_name, attribute = MODELS[key].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise  # a real import bug inside an existing module must not be hidden
        raise UserError("schema_unavailable", value=key) from None
    found = getattr(module, attribute, None)
    if not isinstance(found, Model):
        raise UserError("schema_unavailable", value=key)
    return found


def schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    key = name.strip().lower()
    return json_schema(model(key), title=TITLES.get(key, key))


def dumps(data: dict) -> str:
    """Stable text: the committed files are compared byte for byte with a fresh generation."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def bundled_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


def available() -> list[str]:
    """The schema names whose models can be imported now."""
    names = []
    for name in MODELS:
        try:
            model(name)
        except UserError:
            continue
        names.append(name)
    return names


def write_bundled() -> list[Path]:
    """Regenerate the shipped schema files (tests/test_schema.py checks they are current)."""
    written = []
    for name in available():
        path = bundled_path(name)
        path.write_text(dumps(schema(name)), encoding="utf-8")
        written.append(path)
    return written
