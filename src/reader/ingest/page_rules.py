"""The saved-page rules: `page_rules.yaml` loaded (safely), validated and typed.

The YAML names words and patterns; this module turns them into matchers and rule sets that
`reader.ingest.page` applies. A profile's rules extend the common ones (see the YAML header
for the rule kinds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_PATH = Path(__file__).with_name("page_rules.yaml")

_MATCHER_KINDS = ("exact", "prefix", "regex")
_RULE_LISTS = ("end_of_article", "related_heading", "drop", "source_marker", "image_row")
_PUBLISHED_GROUPS = frozenset({"year", "month", "day", "hour", "minute"})
_UTC_RE = re.compile(r"^([+-])(\d{1,2})(?::?(\d{2}))?$")


class PageRulesError(ValueError):
    """The rules file is malformed; the message says where."""


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Matcher:
    """One line test: the whole line, its start, or a regular expression."""

    kind: str
    value: str
    ignore_case: bool = True
    title_ok: bool = False
    pattern: re.Pattern[str] | None = None

    def matches(self, line: str) -> bool:
        """True when `line` (whitespace already collapsed) satisfies this matcher."""
        if self.pattern is not None:
            return self.pattern.search(line) is not None
        if self.ignore_case:
            line, value = line.casefold(), self.value.casefold()
        else:
            value = self.value
        if self.kind == "exact":
            return line == value
        return line.startswith(value)


@dataclass(frozen=True, slots=True)
class Breadcrumb:
    """Breadcrumb prefixes (`Trang chủ`) and the section names that split the rest."""

    prefixes: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the parser applies to one page: common rules plus a profile's."""

    end_of_article: tuple[Matcher, ...] = ()
    related_heading: tuple[Matcher, ...] = ()
    drop: tuple[Matcher, ...] = ()
    source_marker: tuple[Matcher, ...] = ()
    image_row: tuple[Matcher, ...] = ()
    caption_end: str = "|"
    published: tuple[re.Pattern[str], ...] = ()
    utc_offset: timezone | None = None
    breadcrumb: Breadcrumb = field(default_factory=Breadcrumb)


@dataclass(frozen=True, slots=True)
class Profile:
    """A site: how to recognise its pages, its name as a source, and its extra rules."""

    name: str
    source: str | None
    hosts: tuple[str, ...]
    markers: tuple[Matcher, ...]
    min_markers: int
    rules: RuleSet


@dataclass(frozen=True, slots=True)
class PageRules:
    """The whole rules file."""

    common: RuleSet
    profiles: tuple[Profile, ...]

    def for_profile(self, profile: Profile | None) -> RuleSet:
        """The common rules, extended by `profile`'s when there is one."""
        return self.common if profile is None else merge(self.common, profile.rules)


def any_match(matchers: tuple[Matcher, ...], line: str) -> bool:
    """True when one of `matchers` matches `line`."""
    return any(m.matches(line) for m in matchers)


def merge(base: RuleSet, extra: RuleSet) -> RuleSet:
    """`base` with `extra`'s lists appended and its settings taking precedence."""
    return RuleSet(
        end_of_article=base.end_of_article + extra.end_of_article,
        related_heading=base.related_heading + extra.related_heading,
        drop=base.drop + extra.drop,
        source_marker=base.source_marker + extra.source_marker,
        image_row=base.image_row + extra.image_row,
        caption_end=extra.caption_end or base.caption_end,
        published=base.published + extra.published,
        utc_offset=extra.utc_offset or base.utc_offset,
        breadcrumb=Breadcrumb(
            prefixes=_unique(base.breadcrumb.prefixes + extra.breadcrumb.prefixes),
            sections=_unique(base.breadcrumb.sections + extra.breadcrumb.sections),
        ),
    )


def parse_utc_offset(text: str) -> timezone:
    """`+7`, `+07:00` or `-0530` as a timezone; ValueError for anything else."""
    found = _UTC_RE.match(text.strip())
    if not found:
        raise ValueError(f"not a UTC offset: {text!r}")
    sign, hours, minutes = found.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=24):
        raise ValueError(f"not a UTC offset: {text!r}")
    return timezone(-delta if sign == "-" else delta)


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _fail(where: str, problem: str) -> PageRulesError:
    return PageRulesError(f"{RULES_PATH.name}: {where}: {problem}")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(where, "expected a mapping")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(where, "expected a list")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    items = _list(value, where)
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise _fail(where, "expected a list of non-empty strings")
    return tuple(squash(item) for item in items)


def _matcher(raw: Any, where: str) -> Matcher:
    spec = _mapping(raw, where)
    kinds = [k for k in _MATCHER_KINDS if k in spec]
    unknown = set(spec) - set(_MATCHER_KINDS) - {"ignore_case", "title_ok"}
    if len(kinds) != 1 or unknown:
        raise _fail(where, f"a matcher needs exactly one of {', '.join(_MATCHER_KINDS)}")
    kind = kinds[0]
    value = spec[kind]
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{kind} must be a non-empty string")
    ignore_case = spec.get("ignore_case", True)
    title_ok = spec.get("title_ok", False)
    if not isinstance(ignore_case, bool) or not isinstance(title_ok, bool):
        raise _fail(where, "ignore_case and title_ok must be true or false")
    pattern = None
    if kind == "regex":
        try:
            pattern = re.compile(value, re.IGNORECASE if ignore_case else 0)
        except re.error as exc:
            raise _fail(where, f"bad regex: {exc}") from None
    else:
        value = squash(value)
    return Matcher(kind, value, ignore_case, title_ok, pattern)


def _matchers(value: Any, where: str) -> tuple[Matcher, ...]:
    return tuple(_matcher(raw, f"{where}[{i}]") for i, raw in enumerate(_list(value, where)))


def _published(value: Any, where: str) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for i, raw in enumerate(_list(value, where)):
        matcher = _matcher(raw, f"{where}[{i}]")
        if matcher.pattern is None:
            raise _fail(f"{where}[{i}]", "published rules must be regexes")
        missing = _PUBLISHED_GROUPS - set(matcher.pattern.groupindex)
        if missing:
            raise _fail(f"{where}[{i}]", f"missing named groups: {', '.join(sorted(missing))}")
        patterns.append(matcher.pattern)
    return tuple(patterns)


def _rule_set(raw: dict[str, Any], where: str) -> RuleSet:
    lists = {name: _matchers(raw.get(name), f"{where}.{name}") for name in _RULE_LISTS}
    caption_end = raw.get("caption_end", "")
    if not isinstance(caption_end, str):
        raise _fail(f"{where}.caption_end", "expected a string")
    utc_offset = None
    if raw.get("utc_offset") is not None:
        try:
            utc_offset = parse_utc_offset(str(raw["utc_offset"]))
        except ValueError as exc:
            raise _fail(f"{where}.utc_offset", str(exc)) from None
    crumb = _mapping(raw.get("breadcrumb"), f"{where}.breadcrumb")
    return RuleSet(
        **lists,
        caption_end=caption_end.strip(),
        published=_published(raw.get("published"), f"{where}.published"),
        utc_offset=utc_offset,
        breadcrumb=Breadcrumb(
            prefixes=_strings(crumb.get("prefixes"), f"{where}.breadcrumb.prefixes"),
            sections=_strings(crumb.get("sections"), f"{where}.breadcrumb.sections"),
        ),
    )


def _profile(raw: Any, where: str) -> Profile:
    spec = _mapping(raw, where)
    name = spec.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, "a profile needs a name")
    source = spec.get("source")
    if source is not None and not isinstance(source, str):
        raise _fail(f"{where}.source", "expected a string")
    detect = _mapping(spec.get("detect"), f"{where}.detect")
    hosts = tuple(h.lower() for h in _strings(detect.get("hosts"), f"{where}.detect.hosts"))
    markers = _matchers(detect.get("markers"), f"{where}.detect.markers")
    min_markers = detect.get("min_markers", 1)
    if not isinstance(min_markers, int) or min_markers < 1:
        raise _fail(f"{where}.detect.min_markers", "expected a positive whole number")
    if not hosts and not markers:
        raise _fail(f"{where}.detect", "a profile needs hosts or markers")
    return Profile(
        name=name.strip(),
        source=source.strip() if source else None,
        hosts=hosts,
        markers=markers,
        min_markers=min_markers,
        rules=_rule_set(spec, where),
    )


def build_rules(data: Any) -> PageRules:
    """Validate parsed YAML (`data`) and build the typed rules; PageRulesError when malformed."""
    top = _mapping(data, "top level")
    if top.get("version") != 1:
        raise _fail("version", "only version 1 is understood")
    profiles = tuple(
        _profile(raw, f"profiles[{i}]")
        for i, raw in enumerate(_list(top.get("profiles"), "profiles"))
    )
    return PageRules(
        common=_rule_set(_mapping(top.get("common"), "common"), "common"), profiles=profiles
    )


def parse_rules(text: str) -> PageRules:
    """Rules from YAML text, loaded with the safe loader."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PageRulesError(f"{RULES_PATH.name}: not valid YAML: {exc}") from None
    return build_rules(data)


@cache
def load_rules() -> PageRules:
    """The bundled rules, read once per process."""
    return parse_rules(RULES_PATH.read_text(encoding="utf-8"))
