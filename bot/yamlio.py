"""The only PyYAML user: safe loading that keeps the line of every value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.problems import Problem


class YamlMap(dict[str, Any]):
    """A mapping that remembers its own line, each key's line and each scalar's raw text."""

    line: int
    key_lines: dict[str, int]
    raw: dict[str, str]


class YamlList(list[Any]):
    """A sequence that remembers its own line, each item's line and each scalar's raw text."""

    line: int
    lines: list[int]
    raw: list[str | None]


def line_of(container: Any, key: str | int | None = None) -> int:
    """The 1-based line of a key or item inside a loaded container, or of the container."""
    if isinstance(container, YamlMap):
        if isinstance(key, str):
            return container.key_lines.get(key, container.line)
        return container.line
    if isinstance(container, YamlList):
        if isinstance(key, int) and 0 <= key < len(container.lines):
            return container.lines[key]
        return container.line
    return 1


def raw_text(container: Any, key: str | int) -> str | None:
    """The text a scalar had in the file, before YAML turned it into a bool, number or date."""
    if isinstance(container, YamlMap) and isinstance(key, str):
        return container.raw.get(key)
    if isinstance(container, YamlList) and isinstance(key, int) and key < len(container.raw):
        return container.raw[key]
    return None


class _Converter:
    """Turns a composed node tree into Yaml containers, noting duplicate and odd keys."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        return self.constructor.construct_object(node, deep=True)

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node)
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode) -> YamlMap:
        result = YamlMap()
        result.line = node.start_mark.line + 1
        result.key_lines, result.raw = {}, {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.key(key_node, line)
            if key in result:
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        f"key '{key}'",
                        "this key appears twice here",
                        f"Keep one '{key}' (the first is on line {result.key_lines[key]})",
                    )
                )
                continue
            result[key] = self.convert(value_node)
            result.key_lines[key] = line
            if isinstance(value_node, yaml.ScalarNode):
                result.raw[key] = value_node.value
        return result

    def key(self, node: yaml.Node, line: int) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(
                Problem(self.file, line, "key", "a key must be a plain word", "Write it as `name:`")
            )
            return f"<key on line {line}>"
        value = self.scalar(node)
        if isinstance(value, bool):
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    f"key '{node.value}'",
                    "YAML reads this key as true/false",
                    f'Put it in quotes: "{node.value}"',
                )
            )
        return str(node.value)

    def sequence(self, node: yaml.SequenceNode) -> YamlList:
        result = YamlList()
        result.line = node.start_mark.line + 1
        result.lines, result.raw = [], []
        for item in node.value:
            result.append(self.convert(item))
            result.lines.append(item.start_mark.line + 1)
            result.raw.append(item.value if isinstance(item, yaml.ScalarNode) else None)
        return result


def load_yaml(path: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """Load one file safely; return its data (None on failure) and any problems."""
    text, problems = read_text(path, shown_as)
    return parse_yaml(text, shown_as) if text is not None else (None, problems)


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """A file's text, or a problem saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                shown_as, 1, "file", f"not UTF-8 text ({error.reason})", "Save the file as UTF-8"
            )
        ]
    except OSError as error:
        return None, [
            Problem(
                shown_as,
                1,
                "file",
                f"cannot be read ({error.strerror})",
                "Check the file exists and is readable",
            )
        ]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML has it: lines are kept the same, and it leaves the running bot
5 MiB smaller and loads the knowledge in 0.16 s where the pure-Python one takes 0.92 s."""


def parse_yaml(text: str, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text safely, keeping lines; return its data (None on failure) and problems."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or "the YAML cannot be read"
        return None, [
            Problem(
                shown_as,
                line,
                "YAML syntax",
                what,
                "Check the indentation and quoting on this line and the one above; "
                "text containing ': ' needs quotes",
            )
        ]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, "YAML syntax", str(error), "Check the file's layout")]
    if node is None:
        return None, [
            Problem(shown_as, 1, "file", "the file is empty", "Add content or delete the file")
        ]
    converter = _Converter(shown_as)
    try:
        data = converter.convert(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else 1
        return None, [
            Problem(
                shown_as,
                line,
                "YAML value",
                error.problem or "cannot be read",
                "Put the value in quotes",
            )
        ]
    return data, converter.problems
