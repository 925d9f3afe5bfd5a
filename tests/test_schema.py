"""JSON Schemas: generated from the loaders' own models, shipped in the package, printed by the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT, invoke_cli

from bannergen.inputs import schema as schemas
from bannergen.inputs.yamlio import load_yaml

jsonschema = pytest.importorskip("jsonschema")

REGENERATE = os.environ.get("BANNERGEN_REGEN_SCHEMAS") == "1"


def _validator(name: str):
    cls = jsonschema.Draft202012Validator
    data = schemas.schema(name)
    cls.check_schema(data)
    return cls(data, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("name", schemas.available())
def test_shipped_schema_is_current(name: str) -> None:
    """The file in the package equals a fresh generation (BANNERGEN_REGEN_SCHEMAS=1 rewrites it)."""
    fresh = schemas.dumps(schemas.schema(name))
    path = schemas.bundled_path(name)
    if REGENERATE:
        path.write_text(fresh, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run BANNERGEN_REGEN_SCHEMAS=1 pytest tests/test_schema.py"
    assert path.read_text(encoding="utf-8") == fresh, \
        "schema out of date: run BANNERGEN_REGEN_SCHEMAS=1 pytest tests/test_schema.py"


def test_bundled_files_validate() -> None:
    """What the loader accepts, the editor accepts too (read as the loader reads: dates as text)."""
    catalog = _validator("catalog")
    assert list(catalog.iter_errors(load_yaml(ROOT / "slogans.yaml"))) == []
    template = _validator("template")
    paths = sorted((ROOT / "templates").glob("*.yaml"))
    assert paths
    for path in paths:
        assert list(template.iter_errors(load_yaml(path))) == [], path.name
    order = _validator("order")
    assert list(order.iter_errors(load_yaml(ROOT / "examples" / "don-dat-in.yaml"))) == []


def test_schema_catches_what_the_loader_catches(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("title: X\nslogans:\n  - id: one\n    slug: a\n    txet: b\n", encoding="utf-8")
    messages = [e.message for e in _validator("catalog").iter_errors(load_yaml(path))]
    assert any("'one' is not of type 'integer'" in m for m in messages)
    assert any("'txet'" in m for m in messages)          # unknown key
    assert any("'text' is a required property" in m for m in messages)


@pytest.mark.parametrize("name", ["catalog", "template"])
def test_cli_prints_the_schema(name: str) -> None:
    result = invoke_cli("schema", name)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == schemas.schema(name)
    assert result.stdout == schemas.bundled_path(name).read_text(encoding="utf-8")
    assert "\\u" not in result.stdout  # Vietnamese descriptions stay readable


def test_order_schema() -> None:
    result = invoke_cli("schema", "order")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["type"] == "object" and data["$schema"].endswith("2020-12/schema")
    assert schemas.bundled_path("order").read_text(encoding="utf-8") == result.stdout
