"""JSON Schema validation with errors that point at the line to fix.

The schemas in ``schemas/`` are the documentation of each file type; this module
only turns their verdicts into ``Problem`` lines an editor can act on, in the
words of the message catalogue (``kennisbank.messages``). A verdict of a kind
not worded here keeps jsonschema's own (English) message inside it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .messages import say
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
    return "".join(parts) or say("schema_the_file")


def _describe(error: ValidationError, value: Any, path: str, schema: str) -> list[Problem]:
    where = list(error.absolute_path)
    line = line_of(value, where)
    name = _field(where)
    doc = say("schema_see", schema=schema)
    v = error.validator
    node: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}  # (jsonschema types it loosely)
    if v == "additionalProperties":
        allowed = sorted(node.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        return [
            Problem(path, line_of(value, where + [k]),
                    say("schema_unknown_field_in", field=k, name=name) if where else say("schema_unknown_field", field=k),
                    say("schema_unknown_field_fix", allowed=", ".join(allowed)))
            for k in extra
        ]
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [Problem(path, line, say("schema_missing_field_in", field=missing, name=name) if where
                        else say("schema_missing_field", field=missing), say("schema_missing_field_fix", field=missing, doc=doc))]
    if v == "pattern":
        desc = node.get("description", "")
        if "lowercase" in desc or "hyphen" in desc:
            fix = say("schema_slug_fix")
        elif "date" in desc.lower() or "2021-05" in desc:
            fix = say("schema_date_fix")
        elif "HTML" in desc or "plain" in desc.lower() or "line of plain text" in desc:
            fix = say("schema_plain_text_fix")
        elif "https://" in desc:
            fix = say("schema_https_fix")
        else:
            fix = doc
        return [Problem(path, line, say("schema_not_valid", name=name, value=repr(error.instance)), fix)]
    if v == "enum":
        options = ", ".join(str(o) for o in error.validator_value or ())  # type: ignore[union-attr]
        return [Problem(path, line, say("schema_not_allowed", name=name, value=repr(error.instance)),
                        say("use_one_of", options=options))]
    if v == "type":
        expected = error.validator_value
        return [Problem(path, line, say("schema_wrong_type", name=name, expected=_a(expected),
                                        found=_a(_json_type(error.instance))), doc)]
    if v in ("minItems", "minProperties", "minLength"):
        return [Problem(path, line, say("schema_empty", name=name), say("schema_empty_fix", doc=doc))]
    if v == "maxLength":
        return [Problem(path, line, say("schema_too_long", name=name, limit=error.validator_value), say("schema_too_long_fix"))]
    if v == "uniqueItems":
        return [Problem(path, line, say("schema_id_twice", name=name), say("schema_id_twice_fix"))]
    if v == "propertyNames":
        return [Problem(path, line, say("schema_not_a_language", name=name, value=error.instance),
                        say("schema_not_a_language_fix"))]
    return [Problem(path, line, say("schema_other", name=name, message=error.message), doc)]


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
            float: "number", type(None): "null"}.get(type(value), type(value).__name__)


JSON_TYPES = ("object", "array", "string", "null", "integer", "number", "boolean")
"""The JSON Schema types, each worded for an editor by ``schema_type_<type>`` in the catalogue."""


def _a(kind: Any) -> str:
    if isinstance(kind, list):
        return say("word_or").join(_a(k) for k in kind)
    return say(f"schema_type_{kind}") if kind in JSON_TYPES else str(kind)
