"""YAML for untrusted input: safe types only, no anchors or aliases, bounded size and depth.

Content arrives by pull request. PyYAML's SafeLoader already refuses arbitrary
objects, but it still expands aliases (a "billion laughs" file of a few hundred
bytes can eat gigabytes), reads files of any size, and composes nested
collections recursively: ``[[[[…`` 100,000 deep crashes libyaml's composer
(a segfault) and the pure-Python one (RecursionError). This loader refuses all
three: its own composer is a loop over the parser's events (libyaml's parser is
iterative) that refuses an anchor, an alias, or a collection nested more than
MAX_DEPTH deep at the event where it starts, before anything is built. It keeps
dates as the strings the editor wrote (the schemas check their form), and
remembers the line of every mapping key and list item so that errors can point
at the line to fix. ``parse`` never raises: every failure is a Problem, worded
by the message catalogue (PyYAML's own description of a syntax error is kept
inside it, in English).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import textsafe
from .messages import say
from .problems import Problem

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32
"""Lists and mappings nested deeper than this are refused (the data files nest 5 deep)."""
REWORD_LIMIT = 32 * 1024
"""Up to this size a libyaml error is reported as the pure-Python parser words it (which is 8x slower)."""


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


def _expect(node: Node, kind: type, name: str) -> None:
    if not isinstance(node, kind):
        found = getattr(node, "id", "another")
        raise yaml.constructor.ConstructorError(None, None, f"expected a {name} node, but found {found}", node.start_mark)


if TYPE_CHECKING:  # the mixins below are mixed into PyYAML's loaders, whose methods they use
    _Constructor = yaml.constructor.SafeConstructor
    _Composer = yaml.SafeLoader
else:
    _Constructor = _Composer = object


class _Locating(_Constructor):
    """Constructors that remember the line of every key and list item."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LocatedDict:
        _expect(node, MappingNode, "mapping")  # e.g. '!!set a', '!!map [x]'
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int)) and key in seen:
                raise YAMLProblem(key_node.start_mark.line + 1, say("yaml_key_twice", key=key, first=seen[key]),
                                  say("yaml_key_twice_fix"))
            if isinstance(key, (str, int)):
                seen[key] = key_node.start_mark.line + 1
        result = LocatedDict(yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=True))
        result.line = node.start_mark.line + 1
        result.lines = seen
        return result

    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> LocatedList:
        _expect(node, SequenceNode, "sequence")
        result = LocatedList(yaml.constructor.SafeConstructor.construct_sequence(self, node, deep=True))
        result.line = node.start_mark.line + 1
        result.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
        return result

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError):
            # e.g. '!!int abc', '!!int' (empty), '!!bool maybe', an integer of more than 4,300 digits
            kind = str(node.tag).rsplit(":", 1)[-1]
            value = node.value if isinstance(node.value, str) else ""
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise YAMLProblem(node.start_mark.line + 1, say("yaml_unreadable_value", value=shown, kind=kind),
                              say("yaml_unreadable_value_fix")) from None


_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _BoundedComposer(_Composer):
    """A composer without recursion: refuses anchors, aliases and nesting beyond MAX_DEPTH as it reads events.

    Works on any parser that has ``get_event``/``check_event`` (libyaml's and
    PyYAML's). Node tags are resolved as PyYAML's Composer does.
    """

    def check_node(self) -> bool:
        if self.check_event(yaml.StreamStartEvent):
            self.get_event()
        return not self.check_event(StreamEndEvent)

    def get_node(self) -> Node | None:
        return self._compose_document() if self.check_node() else None

    def get_single_node(self) -> Node | None:
        self.get_event()  # the stream start
        document = None
        if not self.check_event(StreamEndEvent):
            document = self._compose_document()
        if not self.check_event(StreamEndEvent):
            event = self.get_event()
            raise ComposerError("expected a single document in the stream", document.start_mark if document else None,
                                "but found another document", event.start_mark)
        self.get_event()
        return document

    def _compose_document(self) -> Node:
        get_event, resolve = self.get_event, self.resolve
        get_event()  # the document start
        root: Node | None = None
        stack: list[list[Any]] = []  # [node, pending key node] of every open collection
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent or kind is SequenceStartEvent or kind is MappingStartEvent:
                line = event.start_mark.line + 1
                if event.anchor is not None:
                    raise YAMLProblem(line, say("yaml_anchor", anchor=event.anchor), say("yaml_anchor_fix"))
                tag = event.tag
                if kind is ScalarEvent:
                    if tag is None or tag == "!":
                        tag = resolve(ScalarNode, event.value, event.implicit)
                    node: Node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise YAMLProblem(line, say("yaml_too_deep", depth=MAX_DEPTH), say("yaml_too_deep_fix", depth=MAX_DEPTH))
                    if tag is None or tag == "!":
                        tag = _SEQ if kind is SequenceStartEvent else _MAP
                    cls = SequenceNode if kind is SequenceStartEvent else MappingNode
                    node = cls(tag, [], event.start_mark, None, flow_style=event.flow_style)
                if stack:
                    top = stack[-1]
                    parent = top[0]
                    if parent.__class__ is SequenceNode:
                        parent.value.append(node)
                    elif top[1] is None:
                        top[1] = node
                    else:
                        parent.value.append((top[1], node))
                        top[1] = None
                else:
                    root = node
                if kind is not ScalarEvent:
                    stack.append([node, None])
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                stack.pop()[0].end_mark = event.end_mark
            elif kind is AliasEvent:
                raise YAMLProblem(event.start_mark.line + 1, say("yaml_alias", anchor=event.anchor), say("yaml_alias_fix"))
            elif kind is DocumentEndEvent:
                return root  # type: ignore[return-value]


class StrictSafeLoader(_Locating, _BoundedComposer, yaml.SafeLoader):
    """PyYAML's pure-Python parser with the bounded composer (used to word libyaml's errors)."""


_CParser: type | None = (getattr(getattr(yaml, "_yaml", None), "CParser", None)
                         if getattr(yaml, "__with_libyaml__", False) else None)

if _CParser is not None:
    class FastSafeLoader(_Locating, _BoundedComposer, _CParser, yaml.constructor.SafeConstructor,  # type: ignore[misc, valid-type]
                         yaml.resolver.Resolver):
        """libyaml's parser (an iterative C state machine) with the bounded composer and the same constructors."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)  # type: ignore[misc]
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    FastSafeLoader = StrictSafeLoader  # type: ignore[misc, assignment]


for _loader in (StrictSafeLoader, FastSafeLoader):
    # Dates stay strings: the schema checks their form and the linker their value.
    # (PyYAML's stubs type add_constructor for its own loader classes only.)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_str)  # type: ignore[type-var]
    _loader.add_constructor("tag:yaml.org,2002:map", _loader.construct_mapping)  # type: ignore[type-var]
    _loader.add_constructor("tag:yaml.org,2002:seq", _loader.construct_sequence)  # type: ignore[type-var]


def parse(text: str, path: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML text; return (value, problems). Lines are shifted by first_line - 1.

    Never raises, and takes time linear in the text (about 3 s for 512 KB of the
    densest YAML): every problem is a Problem whose line lies within the text.
    """
    shift = first_line - 1
    last_line = text.count("\n") + 1

    def at(line: int) -> int:
        return min(max(line, 1), last_line) + shift

    if len(text) > MAX_BYTES or len(text.encode("utf-8", errors="surrogatepass")) > MAX_BYTES:
        return None, [Problem(path, first_line, say("file_too_large", limit=MAX_BYTES // 1024), say("file_too_large_fix"))]
    try:
        value = _load(text)
    except YAMLProblem as e:
        return None, [Problem(path, at(e.line), e.what, e.fix)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = e.context_mark  # an unclosed bracket or quote: point where it opened
        line = mark.line + 1 if mark else 1
        what = say("yaml_invalid", reason=e.problem or e.context)
        return None, [Problem(path, at(line), what, say("yaml_invalid_fix"))]
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, max(e.position, 0)) + 1 if isinstance(e.position, int) else 1
        return None, [Problem(path, at(line), say("yaml_invalid", reason=e.reason), say("yaml_bad_character_fix"))]
    except yaml.YAMLError as e:
        return None, [Problem(path, first_line, say("yaml_invalid", reason=e), say("yaml_syntax_fix"))]
    except RecursionError:  # not expected (nesting is bounded): still a message, not a traceback
        return None, [Problem(path, first_line, say("yaml_too_deep_to_read"), say("yaml_too_deep_fix", depth=MAX_DEPTH))]
    except UnicodeError as e:  # lone surrogates (only from callers that did not decode a file)
        return None, [Problem(path, first_line, say("yaml_text_unreadable", reason=getattr(e, "reason", e)),
                              say("save_file_as_utf8"))]
    if shift and isinstance(value, Located):
        _shift_lines(value, shift)
    return value, []


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=FastSafeLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        if FastSafeLoader is StrictSafeLoader or len(text) > REWORD_LIMIT:
            raise
        # report the error as the pure-Python parser words it, with its line
        return yaml.load(text, Loader=StrictSafeLoader)  # noqa: S506 - a SafeLoader


def _shift_lines(value: Any, shift: int) -> None:
    if isinstance(value, Located):
        value.line += shift
        value.lines = {k: v + shift for k, v in value.lines.items()}
        children: Any = value.values() if isinstance(value, dict) else value
        for child in children:
            _shift_lines(child, shift)


def load_file(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Read and parse one YAML file, refusing oversized files before reading them."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(display, 1, say("file_size_over", size=size // 1024, limit=MAX_BYTES // 1024),
                              say("file_too_large_fix"))]
    text, problems = textsafe.decode(path.read_bytes(), display)
    if text is None:
        return None, problems
    return parse(text, display)


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
