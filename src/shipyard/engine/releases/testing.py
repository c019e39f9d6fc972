"""`release test`: run a release's test hooks as `helm test` does, and record their runs.

    newest revision ▶ filters (skipped / kept hooks) ▶ test hooks by weight (``hooking``):
    each recorded Running, then Succeeded or Failed ▶ the revision written back, skipped
    hooks first, as helm writes it ▶ optionally, the test pods' logs

The revision keeps its status and description; only its hooks change, so `helm status` shows
the TEST SUITE of a release tested here exactly as of one tested by helm, and the other way
round. A failing test is not an exception: the outcome carries the failure, and the caller
shows the release first, as helm does.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.kube import podlogs
from shipyard.core.charts import releases, testsuites
from shipyard.engine.releases import deploying, hooking

NO_FILTERS = testsuites.Filters()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Outcome:
    release: releases.Release  # as written back, with the test hooks' last runs
    failure: str = ""  # why the suite failed (helm's message), "" when every test passed


@dataclasses.dataclass(frozen=True, kw_only=True)
class PodLog:
    name: str
    text: str = ""
    unavailable: str = ""  # why there are no logs, "" when ``text`` holds them


def run(
    *,
    store: storage.Store,
    kube: kube_objects.Objects,
    name: str,
    namespace: str,
    filters: testsuites.Filters = NO_FILTERS,
    timeout: float = 300.0,
    report: deploying.Report = deploying._quiet,
) -> Outcome:
    """Runs the test hooks of the newest revision (whatever its status, as helm does)."""
    newest = releases.latest(store.history(name=name, namespace=namespace))
    if newest is None:
        raise errors.UserError(f"release {namespace}/{name} not found")
    skipped, kept = testsuites.select([dict(h) for h in newest.hooks], filters)
    running: list[dict[str, Any]] = [dict(h) for h in kept]

    def current() -> releases.Release:
        return releases.Release({**newest.data, "hooks": [*skipped, *running]})

    try:  # a failed record is only reported (helm warns): the tests go on
        hooking.run_hooks(
            testsuites.TEST, running, kube=kube, namespace=newest.namespace or namespace,
            timeout=timeout, record=hooking.recording(store, current, report=report),
            report=report,
        )  # fmt: skip
    except errors.ShipyardError as exc:
        failed = current()
        try:
            store.update(failed)
        except errors.ShipyardError as lost:  # helm ignores it too; say so at least
            report(f"the test results could not be recorded: {lost}")
        return Outcome(release=failed, failure=str(exc))
    done = current()
    store.update(done)
    return Outcome(release=done)


def pod_logs(
    release: releases.Release,
    *,
    logs: podlogs.PodLogs,
    filters: testsuites.Filters = NO_FILTERS,
) -> list[PodLog]:
    """The logs of each test pod that ran, by weight (helm asks for a pod named as the hook)."""
    result = []
    for hook in testsuites.to_run(release.hooks, filters):
        hook_name = str(hook.get("name", ""))
        try:
            text = logs.read(namespace=release.namespace, name=hook_name)
        except podlogs.LogsUnavailable as exc:
            result.append(PodLog(name=hook_name, unavailable=str(exc)))
            continue
        result.append(PodLog(name=hook_name, text=text))
    return result
