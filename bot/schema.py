"""Field-level validation of loaded YAML: types, required and unknown fields, with fixes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from bot.model import NATIONS, Source
from bot.problems import Problem
from bot.yamlio import YamlList, YamlMap, line_of, raw_text

ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """A 'Did you mean …?' hint for a misspelt name, or '' when nothing is close."""
    found = process.extractOne(word, list(choices), scorer=fuzz.ratio, score_cutoff=60)
    return f"Did you mean '{found[0]}'?" if found else ""


@dataclass(frozen=True)
class Field:
    """One allowed field of a YAML mapping: its name, kind and whether it must be there."""

    name: str
    kind: str
    required: bool = False
    max_length: int = 0


class Reader:
    """Reads values out of one file's YAML, collecting every problem instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(
        self, line: int, where: str, message: str, hint: str = "", warning: bool = False
    ) -> None:
        """Record a problem at a line."""
        self.problems.append(Problem(self.file, line, where, message, hint, warning))

    def mapping(self, value: Any, line: int, where: str, what: str) -> YamlMap | None:
        """Check a value is a mapping (`name: value` lines)."""
        if isinstance(value, YamlMap):
            return value
        self.problem(
            line,
            where,
            f"expected {what} (lines of `name: value`), found {_kind(value)}",
            "Check the indentation",
        )
        return None

    def sequence(self, value: Any, line: int, where: str, what: str) -> YamlList | None:
        """Check a value is a list (lines starting with `- `)."""
        if isinstance(value, YamlList):
            return value
        self.problem(
            line,
            where,
            f"expected a list of {what}, found {_kind(value)}",
            "Start each item on its own line with '- '",
        )
        return None

    def fields(self, data: YamlMap, where: str, spec: tuple[Field, ...]) -> dict[str, Any]:
        """Validate a mapping against its field spec; return the good values by name."""
        known = {f.name: f for f in spec}
        for key in data:
            if key not in known:
                hint = did_you_mean(key, list(known)) or f"Allowed fields: {', '.join(known)}"
                self.problem(line_of(data, key), where, f"unknown field '{key}'", hint)
        values: dict[str, Any] = {}
        for item in spec:
            if item.name not in data:
                if item.required:
                    self.problem(
                        data.line,
                        where,
                        f"missing field '{item.name}'",
                        f"Add `{item.name}:` (see the header of this file)",
                    )
                continue
            converted = self.convert(data, item, where)
            if converted is not None:
                values[item.name] = converted
        return values

    def convert(self, data: YamlMap, item: Field, where: str) -> Any:
        """Check and convert one field's value by its kind."""
        value, line = data[item.name], line_of(data, item.name)
        place = f"{where} > {item.name}"
        converters: dict[str, Callable[..., Any]] = {
            "text": self.text,
            "texts": self.texts,
            "id": self.ident,
            "ids": self.idents,
            "date": self.date,
            "int": self.integer,
            "bool": self.boolean,
            "sources": self.sources,
            "nations": self.nations,
            "map": self.map_value,
            "list": self.list_value,
        }
        if item.kind in converters:
            raw = raw_text(data, item.name)
            return converters[item.kind](value, line, place, raw=raw, max_length=item.max_length)
        return value

    def map_value(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> YamlMap | None:
        """A group of fields."""
        return self.mapping(value, line, where, "a group of fields")

    def list_value(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> YamlList | None:
        """A list of items."""
        return self.sequence(value, line, where, "items")

    def text(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> str | None:
        """A piece of text; YAML's booleans, numbers and dates are explained, not accepted."""
        if isinstance(value, bool):
            shown = raw if raw is not None else str(value)
            self.problem(
                line,
                where,
                f"'{shown}' was read as true/false, not text",
                f'Put it in quotes: "{shown}"',
            )
            return None
        if isinstance(value, int | float | dt.date):
            shown = raw if raw is not None else str(value)
            self.problem(
                line,
                where,
                f"'{shown}' was read as a number or date, not text",
                f'Put it in quotes: "{shown}"',
            )
            return None
        if not isinstance(value, str):
            self.problem(
                line,
                where,
                f"expected text, found {_kind(value)}",
                "Write the text on the same line, or use >- and indent it below",
            )
            return None
        cleaned = value.strip()
        if not cleaned:
            self.problem(line, where, "the text is empty", "Write something or remove the field")
            return None
        if max_length and len(cleaned) > max_length:
            self.problem(
                line,
                where,
                f"too long ({len(cleaned)} characters, at most {max_length})",
                "Shorten it",
            )
            return None
        return cleaned

    def texts(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> tuple[str, ...] | None:
        """A list of texts."""
        items = self.sequence(value, line, where, "texts")
        if items is None:
            return None
        result = []
        for index, item in enumerate(items):
            text = self.text(
                item,
                line_of(items, index),
                f"{where} {index + 1}",
                raw=raw_text(items, index),
                max_length=max_length,
            )
            if text is not None:
                result.append(text)
        if not result:
            self.problem(line, where, "the list is empty", "Add at least one item or remove it")
        return tuple(result)

    def ident(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> str | None:
        """An id: lower-case letters, digits and hyphens, starting with a letter."""
        text = self.text(value, line, where, raw=raw)
        if text is None:
            return None
        if not ID_PATTERN.match(text):
            suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            self.problem(
                line,
                where,
                f"'{text}' is not a valid id",
                f"Use lower-case letters, digits and hyphens, e.g. '{suggestion}'",
            )
            return None
        if max_length and len(text) > max_length:
            self.problem(
                line,
                where,
                f"id '{text}' is {len(text)} characters, at most {max_length}",
                "Shorten it: ids travel inside Telegram buttons",
            )
            return None
        return text

    def idents(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> tuple[str, ...] | None:
        """A list of ids."""
        items = self.sequence(value, line, where, "ids")
        if items is None:
            return None
        found = (
            self.ident(item, line_of(items, i), where, raw=raw_text(items, i))
            for i, item in enumerate(items)
        )
        return tuple(item for item in found if item is not None)

    def date(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> dt.date | None:
        """A date written year-month-day."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            line,
            where,
            f"'{raw if raw is not None else value}' is not a date",
            "Write it as year-month-day, e.g. 2026-11-20",
        )
        return None

    def integer(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> int | None:
        """A whole number."""
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.problem(
            line,
            where,
            f"expected a whole number, found {_kind(value)}",
            "Write a number without quotes, e.g. 10",
        )
        return None

    def boolean(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> bool | None:
        """A yes/no switch, written true or false."""
        if isinstance(value, bool):
            return value
        self.problem(
            line,
            where,
            f"expected true or false, found {_kind(value)}",
            "Write true or false without quotes",
        )
        return None

    def nations(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> tuple[str, ...] | None:
        """A list of nations from england, wales, scotland, northern-ireland."""
        names = self.idents(value, line, where)
        if names is None:
            return None
        good = []
        for name in names:
            if name in NATIONS:
                good.append(name)
            else:
                hint = did_you_mean(name, NATIONS) or f"Use one of: {', '.join(NATIONS)}"
                self.problem(line, where, f"'{name}' is not a nation", hint)
        return tuple(good) or None

    def sources(
        self, value: Any, line: int, where: str, raw: str | None = None, max_length: int = 0
    ) -> tuple[Source, ...] | None:
        """A list of sources: title and publisher, plus a url and/or a date."""
        items = self.sequence(value, line, where, "sources")
        if items is None:
            return None
        spec = (
            Field("title", "text", True),
            Field("publisher", "text", True),
            Field("url", "text"),
            Field("date", "date"),
        )
        result = []
        for index, item in enumerate(items):
            place = f"{where} {index + 1}"
            data = self.mapping(item, line_of(items, index), place, "a source")
            if data is None:
                continue
            values = self.fields(data, place, spec)
            if "url" not in data and "date" not in data:
                self.problem(
                    data.line,
                    place,
                    "a source needs a url or a date (or both)",
                    "Add `url:` or `date:`",
                )
            if "title" in values and "publisher" in values:
                result.append(Source(**values))
        if not result:
            self.problem(line, where, "no usable source", "Add at least one source")
        return tuple(result)


def _kind(value: Any) -> str:
    """Describe a loaded value's type in staff words."""
    if isinstance(value, YamlMap | dict):
        return "a group of fields"
    if isinstance(value, YamlList | list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "text"
