"""The dbt project's documentation layout (read with PyYAML, no dbt): every model has one YAML
file named after it, next to its SQL, that documents it and every one of its columns; a
description longer than a line lives in a `{% docs %}` block (a .md file) that its YAML
references with `{{ doc('...') }}`, and every such reference resolves to exactly one block."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.dbt.conftest import PROJECT

MODELS = PROJECT / "models"

DOC_REF = re.compile(r"""^\{\{\s*doc\(\s*["']([A-Za-z0-9_]+)["']\s*\)\s*\}\}$""")
DOCS_BLOCK = re.compile(r"\{%-?\s*docs\s+([A-Za-z0-9_]+)\s*-?%\}(.*?)\{%-?\s*enddocs\s*-?%\}", re.S)


def project_files(suffix: str) -> list[Path]:
    return sorted(p for p in PROJECT.rglob(f"*{suffix}") if not {"target", "dbt_packages", "logs"} & set(p.parts))


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def documented_models(path: Path) -> list[dict[str, Any]]:
    """The models a properties YAML documents (dbt_project.yml's `models:` configures, it is a mapping)."""
    models = load(path).get("models")
    return models if isinstance(models, list) else []


MODEL_SQL = sorted(MODELS.rglob("*.sql"))


def docs_blocks() -> dict[str, list[str]]:
    """Each docs block name with the text of every block of that name (dbt allows one). dbt reads
    docs blocks from its resource folders, not from README.md beside dbt_project.yml."""
    blocks: dict[str, list[str]] = {}
    for md in project_files(".md"):
        if md.parent == PROJECT:
            continue
        for name, text in DOCS_BLOCK.findall(md.read_text(encoding="utf-8")):
            blocks.setdefault(name, []).append(text.strip())
    return blocks


def descriptions(node: Any) -> list[str]:
    """Every `description` value anywhere inside a YAML node."""
    if isinstance(node, dict):
        found = [node["description"]] if isinstance(node.get("description"), str) else []
        return found + [d for key, value in node.items() if key != "description" for d in descriptions(value)]
    if isinstance(node, list):
        return [d for item in node for d in descriptions(item)]
    return []


def resolved(description: str, blocks: dict[str, list[str]]) -> str:
    ref = DOC_REF.match(description.strip())
    return blocks[ref.group(1)][0] if ref and ref.group(1) in blocks else description


def test_the_project_has_models_to_check():
    assert {p.stem for p in MODEL_SQL} >= {
        "stg_raw__articles",
        "int_article_versions",
        "int_mentions_mapped",
        "dim_region",
        "mart_city_comparison",
    }


@pytest.mark.parametrize("sql", MODEL_SQL, ids=lambda p: p.stem)
def test_each_model_has_one_yaml_named_after_it_documenting_every_column(sql: Path):
    own = sql.with_suffix(".yml")
    assert own.exists(), f"{sql.relative_to(PROJECT)} has no {own.name} beside it"
    models = documented_models(own)
    assert [m["name"] for m in models] == [sql.stem], f"{own.name} must document {sql.stem} and nothing else"
    (model,) = models
    blocks = docs_blocks()
    assert resolved(model.get("description") or "", blocks).strip(), f"{sql.stem} has no description"
    columns = model.get("columns") or []
    assert columns, f"{own.name} lists no columns"
    undocumented = [c["name"] for c in columns if not resolved(c.get("description") or "", blocks).strip()]
    assert not undocumented, f"{own.name}: columns without a description: {undocumented}"
    assert len({c["name"] for c in columns}) == len(columns), f"{own.name} lists a column twice"
    tested = {test["model"] for test in load(own).get("unit_tests") or []}
    assert tested <= {sql.stem}, f"{own.name} holds unit tests of {tested - {sql.stem}}"


def test_no_other_yaml_documents_a_model():
    documented = [(model["name"], yml) for yml in project_files(".yml") for model in documented_models(yml)]
    for sql in MODEL_SQL:
        files = [yml for (name, yml) in documented if name == sql.stem]
        assert files == [sql.with_suffix(".yml")], f"{sql.stem} is documented in {files}"
    # every YAML under models/ that documents a model is named after one that exists
    for yml in project_files(".yml"):
        if yml.parent.is_relative_to(MODELS) and documented_models(yml):
            assert yml.with_suffix(".sql").exists(), f"{yml.relative_to(PROJECT)} documents a model with no SQL"


def test_unit_tests_live_with_their_model():
    for yml in project_files(".yml"):
        for test in load(yml).get("unit_tests") or []:
            assert yml.stem == test["model"], f"unit test {test['name']} of {test['model']} is in {yml.name}"


def test_every_doc_reference_resolves_to_exactly_one_docs_block():
    blocks = docs_blocks()
    assert blocks, "the project has docs blocks"
    assert not [name for name, texts in blocks.items() if len(texts) > 1], "a docs block name is defined twice"
    assert not [name for name, texts in blocks.items() if not texts[0]], "a docs block is empty"
    referenced = set()
    for yml in project_files(".yml"):
        for description in descriptions(load(yml)):
            ref = DOC_REF.match(description.strip())
            if "doc(" in description:
                assert ref, f"{yml.name}: a doc() reference must be the whole description: {description!r}"
            if ref:
                assert ref.group(1) in blocks, f"{yml.name} references a missing docs block {ref.group(1)!r}"
                referenced.add(ref.group(1))
    assert set(blocks) <= referenced, f"docs blocks nobody references: {sorted(set(blocks) - referenced)}"


def multi_line_descriptions(node: yaml.Node) -> list[str]:
    """Each `description` whose value spans several lines of the file (`description: >`, or a plain
    scalar wrapped over lines): PyYAML's loaded value no longer tells, its composed node does."""
    if isinstance(node, yaml.MappingNode):
        found = []
        for key, value in node.value:
            if key.value == "description" and isinstance(value, yaml.ScalarNode):
                if value.end_mark.line > value.start_mark.line:
                    found.append(value.value[:60])
            else:
                found += multi_line_descriptions(value)
        return found
    if isinstance(node, yaml.SequenceNode):
        return [d for item in node.value for d in multi_line_descriptions(item)]
    return []


def test_descriptions_longer_than_a_line_are_docs_blocks():
    """A multi-line description of a model, a column or a source belongs in a docs block; unit tests
    keep theirs inline, beside the rows they describe."""
    for yml in project_files(".yml"):
        if yml.parent.is_relative_to(MODELS):
            root = yaml.compose(yml.read_text(encoding="utf-8"))
            sections = [value for key, value in root.value if key.value in ("models", "sources")] if root else []
            long = [d for section in sections for d in multi_line_descriptions(section)]
            assert not long, f"{yml.relative_to(PROJECT)}: move these descriptions into docs blocks: {long}"
