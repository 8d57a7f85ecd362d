"""YAML for untrusted input: safe types only, no anchors or aliases, a size cap.

Content arrives by pull request. PyYAML's SafeLoader already refuses arbitrary
objects, but it still expands aliases (a "billion laughs" file of a few hundred
bytes can eat gigabytes) and reads files of any size. This loader refuses both,
keeps dates as the strings the editor wrote (the schemas check their form), and
remembers the line of every mapping key and list item so that errors can point
at the line to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

MAX_BYTES = 512 * 1024


class Located:
    """Mixin recording the 1-based line of each key (mapping) or index (list)."""

    line: int
    lines: dict[Any, int]


class LocatedDict(dict, Located):
    pass


class LocatedList(list, Located):
    pass


class YAMLProblem(Exception):
    def __init__(self, line: int, what: str, fix: str) -> None:
        super().__init__(what)
        self.line, self.what, self.fix = line, what, fix


class _Locating:
    """Constructors that remember the line of every key and list item."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LocatedDict:  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int)) and key in seen:
                raise YAMLProblem(
                    key_node.start_mark.line + 1,
                    f"key '{key}' appears twice (first on line {seen[key]})",
                    "keep one of the two",
                )
            if isinstance(key, (str, int)):
                seen[key] = key_node.start_mark.line + 1
        result = LocatedDict(yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=True))
        result.line = node.start_mark.line + 1
        result.lines = seen
        return result

    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> LocatedList:  # type: ignore[override]
        result = LocatedList(yaml.constructor.SafeConstructor.construct_sequence(self, node, deep=True))
        result.line = node.start_mark.line + 1
        result.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
        return result


class StrictSafeLoader(_Locating, yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and records line numbers."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YAMLProblem(
                event.start_mark.line + 1,
                f"alias '*{event.anchor}' is not allowed",
                "write the value out in full instead of referring to an anchor",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YAMLProblem(
                event.start_mark.line + 1,
                f"anchor '&{anchor}' is not allowed",
                "remove the '&' anchor and write each value out in full",
            )
        return super().compose_node(parent, index)

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastSafeLoader(_Locating, _Base):  # type: ignore[misc, valid-type]
    """libyaml's parser with the same constructors, for text that holds no '&' or '*'.

    Without those characters YAML can have no anchor and no alias, so the
    strict loader's event check has nothing to find; libyaml parses several
    times faster (it matters at thousands of files).
    """


for _loader in (StrictSafeLoader, FastSafeLoader):
    # Dates stay strings: the schema checks their form and the linker their value.
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_str)
    _loader.add_constructor("tag:yaml.org,2002:map", _loader.construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _loader.construct_sequence)


def parse(text: str, path: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML text; return (value, problems). Lines are shifted by first_line - 1."""
    shift = first_line - 1
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [Problem(path, first_line, f"file is larger than {MAX_BYTES // 1024} KB",
                              "split it into smaller files")]
    try:
        value = _load(text)
    except YAMLProblem as e:
        return None, [Problem(path, e.line + shift, e.what, e.fix)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = e.context_mark  # an unclosed bracket or quote: point where it opened
        line = (mark.line + 1 if mark else 1) + shift
        what = f"invalid YAML: {e.problem or e.context}"
        return None, [Problem(path, line, what, "check indentation, colons and quotes on this line or the one before")]
    except yaml.YAMLError as e:
        return None, [Problem(path, first_line, f"invalid YAML: {e}", "check the file's syntax")]
    if shift and isinstance(value, Located):
        _shift_lines(value, shift)
    return value, []


def _load(text: str) -> Any:
    if "&" in text or "*" in text:
        return yaml.load(text, Loader=StrictSafeLoader)  # noqa: S506 - a SafeLoader
    try:
        return yaml.load(text, Loader=FastSafeLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        # report the error as the pure-Python parser words it, with its line
        return yaml.load(text, Loader=StrictSafeLoader)  # noqa: S506 - a SafeLoader


def _shift_lines(value: Any, shift: int) -> None:
    if isinstance(value, Located):
        value.line += shift
        value.lines = {k: v + shift for k, v in value.lines.items()}
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            _shift_lines(child, shift)


def load_file(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Read and parse one YAML file, refusing oversized files before reading them."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(display, 1, f"file is {size // 1024} KB, more than the {MAX_BYTES // 1024} KB allowed",
                              "split it into smaller files")]
    return parse(path.read_text(encoding="utf-8"), display)


def line_of(value: Any, path: list[Any] | tuple[Any, ...]) -> int:
    """The line of the deepest node along path (a jsonschema error path) that we know."""
    line = getattr(value, "line", 1)
    node = value
    for key in path:
        lines = getattr(node, "lines", {})
        if key not in lines:
            break
        line = lines[key]
        node = node[key]
    return line
