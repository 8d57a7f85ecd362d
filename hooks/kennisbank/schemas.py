"""JSON Schema validation with errors that point at the line to fix.

The schemas in ``schemas/`` are the documentation of each file type; this module
only turns their verdicts into ``Problem`` lines an editor can act on.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .problems import Problem
from .yamlsafe import line_of

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


@cache
def _registry(schema_dir: Path) -> Registry:
    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
        for p in sorted(schema_dir.glob("*.schema.json"))
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str, schema_dir: Path = SCHEMA_DIR) -> Draft202012Validator:
    """The validator of ``<name>.schema.json`` (loaded once per process).

    The schema's ``$ref``s into other schema files are put in place first: the
    verdicts are the same, and jsonschema no longer looks each reference up
    again for every field of every document (half the cost of validating 4,000
    files of front matter). The schemas are the engine's own files, checked
    against the JSON Schema meta-schema by the tests
    (``test_every_schema_is_a_valid_json_schema``), not on every build: that
    check alone took 0.15 s, a twentieth of a small site's build.
    """
    schema = json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))
    registry = _registry(schema_dir)
    return Draft202012Validator(_inline(schema, registry, f"{name}.schema.json"), registry=registry)


_ANNOTATIONS = {"description", "title", "examples", "$comment", "default"}


def _inline(node: Any, registry: Registry, base: str, seen: tuple[str, ...] = ()) -> Any:
    """A copy of a schema with every ``$ref`` replaced by what it refers to.

    ``base`` is the file the node comes from, for references within it
    (``#/$defs/x``). The target's own description wins over the referring
    node's, as error messages read it. A reference back into itself is left.
    """
    if isinstance(node, list):
        return [_inline(v, registry, base, seen) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        where = base + ref if ref.startswith("#") else ref
        if where not in seen:
            file = where.split("#", 1)[0]
            target = _inline(registry.resolver().lookup(where).contents, registry, file, seen + (where,))
            if isinstance(target, dict):
                rest = {k: _inline(v, registry, base, seen) for k, v in node.items() if k != "$ref"}
                if set(rest) <= _ANNOTATIONS:
                    return {**rest, **target}
                return {**rest, "allOf": [*rest.get("allOf", []), target]}
    return {k: _inline(v, registry, base, seen) for k, v in node.items()}


def validate(value: Any, schema: str, path: str) -> list[Problem]:
    """Validate a parsed YAML value; one problem per failing field."""
    problems = []
    for error in validator(schema).iter_errors(value):
        problems.extend(_describe(error, value, path, schema))
    return problems


def failing_items(value: list[Any], schema: str) -> set[int]:
    """Indexes of the list items that fail the schema (the others can still be linked)."""
    return {e.absolute_path[0] for e in validator(schema).iter_errors(value) if e.absolute_path}


def _field(error_path: list[Any]) -> str:
    parts: list[str] = []
    for part in error_path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "".join(parts) or "the file"


def _describe(error: ValidationError, value: Any, path: str, schema: str) -> list[Problem]:
    where = list(error.absolute_path)
    line = line_of(value, where)
    name = _field(where)
    doc = f"see schemas/{schema}.schema.json"
    v = error.validator
    node: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}  # (jsonschema types it loosely)
    if v == "additionalProperties":
        allowed = sorted(node.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        return [
            Problem(path, line_of(value, where + [k]), f"unknown field '{k}'" + (f" in {name}" if where else ""),
                    f"remove it or use one of: {', '.join(allowed)}")
            for k in extra
        ]
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [Problem(path, line, f"missing required field '{missing}'" + (f" in {name}" if where else ""),
                        f"add '{missing}:' ({doc})")]
    if v == "pattern":
        desc = node.get("description", "")
        if "lowercase" in desc or "hyphen" in desc:
            fix = "use lowercase letters, digits and single hyphens only, like 'werkplaats-almere'"
        elif "date" in desc.lower() or "2021-05" in desc:
            fix = "write the date as YYYY-MM-DD, YYYY-MM or YYYY"
        elif "HTML" in desc or "plain" in desc.lower() or "line of plain text" in desc:
            fix = "remove the HTML tags; write plain text"
        elif "https://" in desc:
            fix = "write a full address starting with https://"
        else:
            fix = doc
        return [Problem(path, line, f"{name}: {error.instance!r} is not valid", fix)]
    if v == "enum":
        options = ", ".join(str(o) for o in error.validator_value or ())  # type: ignore[union-attr]
        return [Problem(path, line, f"{name}: {error.instance!r} is not one of the allowed values",
                        f"use one of: {options}")]
    if v == "type":
        expected = error.validator_value
        return [Problem(path, line, f"{name} should be {_a(expected)}, not {_a(_json_type(error.instance))}",
                        doc)]
    if v in ("minItems", "minProperties", "minLength"):
        return [Problem(path, line, f"{name} is empty", f"fill it in ({doc})")]
    if v == "maxLength":
        return [Problem(path, line, f"{name} is longer than {error.validator_value} characters", "shorten it")]
    if v == "uniqueItems":
        return [Problem(path, line, f"{name} names the same id twice", "list each id once")]
    if v == "propertyNames":
        return [Problem(path, line, f"{name}: '{error.instance}' is not a language code",
                        "use two-letter language codes such as nl and en")]
    return [Problem(path, line, f"{name}: {error.message}", doc)]


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
            float: "number", type(None): "null"}.get(type(value), type(value).__name__)


def _a(kind: Any) -> str:
    if isinstance(kind, list):
        return " or ".join(_a(k) for k in kind)
    words = {"object": "a mapping of fields", "array": "a list", "string": "text", "null": "empty",
             "integer": "a whole number", "number": "a number", "boolean": "true or false"}
    return words.get(kind, str(kind))
