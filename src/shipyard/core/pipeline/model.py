"""The values of a pipeline (``shipyard.yaml``): named steps, their common fields and options.

Every step has the common fields (``needs``, ``when``, ``env``, ``timeout``, ``retries``,
``artifacts``) and, in ``spec``, the options of its type:

    run       a bash script (the repository owner's), an optional container image for the
              Kubernetes executor, and the JUnit XML files the script writes
    version   the GitVersion-compatible version of the commit
    image     a daemonless image build, pushed to the prod or dev registry by branch
    promote   a commit of the new image (or any scalar) into an environment repository
    scan/sign extension points: a provider installed under the ``shipyard.steps`` entry point
              group, or a ``command`` run without a shell
    chart     reserved: chart packaging is not available yet

Values here are already validated (``core.pipeline.loading``); ``${...}`` references in them
are resolved per run (``core.pipeline.variables``).
"""

from __future__ import annotations

import dataclasses

from shipyard.core.versioning import variables as version_variables

STEP_TYPES = ("run", "version", "image", "promote", "scan", "sign", "chart")
EXTENSION_TYPES = ("scan", "sign")
UNAVAILABLE_TYPES = {"chart": "chart packaging is not available yet (it lands with Helm support)"}

DEFAULT_TIMEOUT = 30 * 60.0
MAX_TIMEOUT = 24 * 3600.0
MAX_RETRIES = 10

# What the built-in steps publish as ${steps.<name>.<output>}; run and extension steps may
# publish anything (a run step writes KEY=VALUE lines to $SHIPYARD_OUTPUT).
OUTPUTS: dict[str, tuple[str, ...]] = {
    "version": (*version_variables.NAMES, "ImageTag"),
    "image": ("image", "pinned", "digest", "tag", "registry", "repository"),
    "promote": ("commit", "changed"),
}

Pairs = tuple[tuple[str, str], ...]


@dataclasses.dataclass(frozen=True, kw_only=True)
class RunSpec:
    # Never substituted: values reach the script only as environment variables.
    script: str = dataclasses.field(metadata={"verbatim": True})
    image: str = ""  # the container image of the step's Job on the Kubernetes executor
    junit: tuple[str, ...] = ()  # globs of JUnit XML files the script writes


@dataclasses.dataclass(frozen=True, kw_only=True)
class VersionSpec:
    path: str = "."  # where GitVersion.yml is looked up first, relative to the workspace


@dataclasses.dataclass(frozen=True, kw_only=True)
class ImageConfig:
    entrypoint: tuple[str, ...] | None = None
    cmd: tuple[str, ...] | None = None
    env: Pairs = ()
    user: str = ""
    workdir: str = ""
    ports: tuple[str, ...] = ()
    labels: Pairs = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class ImageSpec:
    base: str  # base image reference, with its registry
    repository: str  # target repository, under the chosen registry
    prod: str  # registry (and path prefix) for production branches and Git tags
    dev: str  # registry (and path prefix) for every other branch
    version: str  # tagged as the version (``+`` becomes ``_``) and sha-<short sha>
    prod_branches: tuple[str, ...] = ()  # branch patterns; empty: the tag policy's defaults
    context: str = "."
    app_dir: str = "/app"
    requirements: str = ""
    exclude: tuple[str, ...] = ()
    config: ImageConfig = dataclasses.field(default_factory=ImageConfig)
    force: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class PromoteFile:
    path: str  # in the environment repository
    match: str = ""  # image references of this repository are set to the step's image
    key: str = ""  # or this scalar (a dotted path such as image.tag) is set to ``value``
    value: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class PromoteSpec:
    repo: str  # clone URL of the environment repository
    files: tuple[PromoteFile, ...]
    branch: str = "main"
    image: str = ""  # the new image reference, for files with ``match``
    message: str = ""
    author: str = "shipyard <shipyard@localhost>"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ExtensionSpec:
    command: tuple[str, ...] = ()  # argv run without a shell; empty: the installed provider
    settings: Pairs = ()  # ``with:``, handed to the provider


Spec = RunSpec | VersionSpec | ImageSpec | PromoteSpec | ExtensionSpec


@dataclasses.dataclass(frozen=True, kw_only=True)
class Step:
    name: str
    type: str
    spec: Spec
    line: int = 0  # where the step starts in the file
    needs: tuple[str, ...] = ()
    branches: tuple[str, ...] = ()  # when.branches; empty: every branch
    env: Pairs = ()
    timeout: float = DEFAULT_TIMEOUT  # seconds
    retries: int = 0
    artifacts: tuple[str, ...] = ()  # globs, relative to the workspace


@dataclasses.dataclass(frozen=True, kw_only=True)
class Pipeline:
    name: str
    source: str  # the file, for messages
    steps: tuple[Step, ...]
    env: Pairs = ()
    secrets: tuple[str, ...] = ()  # environment variables whose values are masked everywhere

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(step.name for step in self.steps)


def ancestors(pipeline: Pipeline, name: str) -> frozenset[str]:
    """Every step ``name`` needs, directly or through other steps."""
    needs = {step.name: step.needs for step in pipeline.steps}
    found: set[str] = set()
    pending = list(needs.get(name, ()))
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(needs.get(current, ()))
    return frozenset(found)
