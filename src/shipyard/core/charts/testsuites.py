"""A release's test suite as Helm 3 runs, records and shows it (`helm test`, `helm status`).

Test hooks are the release's hooks with the event ``test`` (or the legacy ``test-success``).
They run as any hook does (``hookruns``). ``--filter name=a`` / ``--filter '!name=a'`` choose
hooks by name; the record then lists the hooks that were skipped first, as helm writes it.
`helm status` shows each test hook that has run in its TEST SUITE section.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from shipyard.core.charts import gotime, hookruns, releases

TEST = "test"
DEFAULT_TIMEOUT = "5m0s"
ANSIC = "Mon Jan _2 15:04:05 2006"  # Go's time.ANSIC, what `helm status` prints
_SECONDS = re.compile(r"[+-]?\d+(?:\.\d*)?")
_NOT_NAME = re.compile(r"^!\s?name=")  # helm's own pattern for an excluding filter

Hook = Mapping[str, Any]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Filters:
    """Which test hooks run: only ``include`` ones when given, never ``exclude`` ones."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def parse_filters(values: Sequence[str]) -> Filters:
    """``--filter`` values as helm reads them: each a comma-separated list (CSV, so a name
    may be quoted) of ``name=NAME`` or ``!name=NAME``. helm ignores anything else; a typo
    would silently run every test, so it is an error here (ValueError naming all of them)."""
    include: list[str] = []
    exclude: list[str] = []
    unknown: list[str] = []
    for value in values:
        for item in next(csv.reader([value]), []) if value else []:
            if item.startswith("name="):
                include.append(item.removeprefix("name="))
            elif _NOT_NAME.match(item):
                exclude.append(_NOT_NAME.sub("", item, count=1))
            else:
                unknown.append(item)
    if unknown:
        raise ValueError(
            "unknown test filter "
            + ", ".join(repr(item) for item in unknown)
            + ": use name=NAME or !name=NAME"
        )
    return Filters(include=tuple(include), exclude=tuple(exclude))


def parse_timeout(text: str) -> float:
    """Seconds of a ``--timeout`` in Go's duration syntax (``300s``, ``5m0s``, ``1h``); a bare
    number is seconds. 0 or less: no limit (helm).
    """
    stripped = text.strip()
    if _SECONDS.fullmatch(stripped):
        return float(stripped)
    try:
        return gotime.parse_duration(stripped) / 1e9
    except ValueError as exc:
        raise ValueError(f"{exc} (expected a duration such as 30s, 5m0s or 1h)") from None


def is_test(hook: Hook) -> bool:
    return hookruns.has_event(hook, TEST)


def select(hooks: Sequence[Hook], filters: Filters) -> tuple[list[Hook], list[Hook]]:
    """(skipped, kept) as helm's ReleaseTesting.Run splits the release's hooks (all of them,
    not only tests): excluded names are skipped, then, with includes, every other name."""
    skipped: list[Hook] = []
    kept = list(hooks)
    if filters.exclude:
        skipped += [hook for hook in kept if hook.get("name") in filters.exclude]
        kept = [hook for hook in kept if hook.get("name") not in filters.exclude]
    if filters.include:
        skipped += [hook for hook in kept if hook.get("name") not in filters.include]
        kept = [hook for hook in kept if hook.get("name") in filters.include]
    return skipped, kept


def to_run(hooks: Sequence[Hook], filters: Filters) -> list[Hook]:
    """The test hooks that run, in helm's order (for `--logs`)."""
    chosen = [
        hook
        for hook in hooks
        if is_test(hook)
        and hook.get("name") not in filters.exclude
        and (not filters.include or hook.get("name") in filters.include)
    ]
    return hookruns.by_weight(chosen)


def ansic(text: str) -> str:
    """An RFC 3339 time from a release record as Go's ANSIC layout, in its own offset."""
    if not text:
        return gotime.GoTime.zero().format(ANSIC)
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return gotime.GoTime.from_datetime(moment).format(ANSIC)


def suite_lines(hooks: Sequence[Hook]) -> list[str]:
    """The TEST SUITE section of `helm status`: one block per test hook that has run."""
    tests = [hook for hook in hooks if is_test(hook)]
    if not tests:
        return ["TEST SUITE: None"]
    lines = []
    for hook in tests:
        run = hook.get("last_run") or {}
        if not run.get("started_at"):
            continue  # never run: helm prints nothing for it
        lines += [
            f"TEST SUITE:     {hook.get('name', '')}",
            f"Last Started:   {ansic(str(run['started_at']))}",
            f"Last Completed: {ansic(str(run.get('completed_at') or ''))}",
            f"Phase:          {run.get('phase', '')}",
        ]
    return lines


def status_text(release: releases.Release, *, show_notes: bool = True) -> str:
    """What `helm test` (and `helm status` without flags) prints for a release."""
    lines = [f"NAME: {release.name}"]
    if release.updated:
        lines.append(f"LAST DEPLOYED: {ansic(release.updated)}")
    lines += [
        f"NAMESPACE: {release.namespace}",
        f"STATUS: {release.status}",
        f"REVISION: {release.version}",
        *suite_lines(release.hooks),
    ]
    notes = str(release.info.get("notes") or "").strip()
    if show_notes and notes:
        lines.append(f"NOTES:\n{notes}")
    return "\n".join(lines) + "\n"
