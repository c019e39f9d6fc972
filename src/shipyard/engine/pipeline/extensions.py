"""Extension steps (``scan``, ``sign``): a provider installed as a Python package, or a command.

A provider registers a handler (see ``steps.Handler``) under the ``shipyard.steps`` entry-point
group, named after the step type::

    [project.entry-points."shipyard.steps"]
    scan = "my_scanner.shipyard:scan"

A step with ``command: [argv...]`` runs that command in the workspace instead, without a shell,
with the step's environment; its ``with:`` settings arrive as ``SHIPYARD_WITH_<KEY>`` variables.
Validation reports a scan or sign step that has neither (``no scan provider installed``).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import re
from collections.abc import Mapping

from shipyard import errors
from shipyard.core.pipeline import model
from shipyard.engine.pipeline import local, steps

GROUP = "shipyard.steps"


def providers() -> frozenset[str]:
    """The extension step types with an installed provider."""
    return frozenset(
        entry.name
        for entry in importlib.metadata.entry_points(group=GROUP)
        if entry.name in model.EXTENSION_TYPES
    )


def handler(kind: str) -> steps.Handler:
    def handle(context: steps.StepContext) -> Mapping[str, str]:
        spec = context.step.spec
        assert isinstance(spec, model.ExtensionSpec)
        if spec.command:
            settings = {
                "SHIPYARD_WITH_" + re.sub(r"[^A-Za-z0-9_]", "_", key).upper(): value
                for key, value in spec.settings
            }
            context = _with_env(context, settings)
            return local.run_command(context, argv=spec.command)
        entries = [e for e in importlib.metadata.entry_points(group=GROUP) if e.name == kind]
        if not entries:
            raise errors.UserError(f"no {kind} provider installed")
        provider: steps.Handler = entries[0].load()
        context.log(f"{kind} provider {entries[0].value}")
        return provider(context)

    return handle


def _with_env(context: steps.StepContext, extra: Mapping[str, str]) -> steps.StepContext:
    return dataclasses.replace(context, env={**context.env, **extra})
