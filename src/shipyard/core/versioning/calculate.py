"""The semantic version of one commit, as GitVersion 6 computes it.

Stages, in order:

1. choose the branch and commit (HEAD, ``--branch``/``--commit``, CI variables, or the only
   branch at a detached HEAD; otherwise the detached name ``(no branch)``);
2. a tagged commit on a branch that does not increment tagged commits is its tag's version;
3. find the effective configurations: a branch with ``increment: Inherit`` takes its increment
   (and other unset settings) from the branches it was created from, recursively;
4. collect base versions from every strategy for each effective configuration, increment them,
   and take the greatest; the commit to count from is the latest source of that version;
5. apply the deployment mode: ManualDeployment adds the commit count as build metadata
   (``1.2.0-beta.1+3``), ContinuousDelivery adds it to the pre-release number (``1.2.0-alpha.3``)
   and ContinuousDeployment drops the pre-release tag (``1.2.0``);
6. never go below the highest version tag already on the branch.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping

from shipyard import errors
from shipyard.core.versioning import config as cfg
from shipyard.core.versioning import graph as history
from shipyard.core.versioning import repository as repo
from shipyard.core.versioning import semver, sources

NO_BRANCH = history.DETACHED


@dataclasses.dataclass(frozen=True, kw_only=True)
class Request:
    branch: str | None = None  # --branch
    commit: str | None = None  # --commit (full or unique abbreviated SHA)
    env: Mapping[str, str] = dataclasses.field(default_factory=dict)  # CI variables, {env:X}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Result:
    """A calculated version and where it came from: what the output variables are made of."""

    version: semver.SemVer  # build metadata holds the commit count, branch and SHA
    branch: str  # friendly branch name ("(no branch)" when detached and not inferable)
    branch_origin: str  # how the branch was chosen, for people
    sha: str
    commit_when: int
    source: str  # the winning base version's description
    source_version: semver.SemVer
    source_sha: str | None
    source_distance: int
    source_increment: semver.VersionField
    uncommitted_changes: int
    pre_release_weight: int
    config: cfg.Config


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Next:
    version: semver.SemVer
    base: sources.BaseVersion
    effective: cfg.Effective
    branch: history.Branch


def calculate(data: history.History, *, config: cfg.Config, request: Request) -> Result:
    """The version of the requested commit (HEAD by default) under ``config``."""
    graph = history.Graph(data.commits)
    current_branch, current, origin = _choose(data, graph=graph, config=config, request=request)
    branches = [b for b in data.branches if not b.ref.endswith("/HEAD")]
    replaced = [current_branch if b.ref == current_branch.ref else b for b in branches]
    if not current_branch.is_detached and current_branch not in replaced:
        replaced.append(current_branch)
    repository = repo.Repository(
        graph=graph,
        config=config,
        branches=replaced,
        tags=data.tags,
        current_branch=current_branch,
        current=current,
        env=request.env,
    )
    own = config.branch_config(current_branch.name)
    own_effective = cfg.effective(config, own)
    inherits = own.increment is cfg.Increment.INHERIT
    result = functools.partial(
        _result,
        repository=repository,
        origin=origin,
        uncommitted=data.uncommitted_changes,
        weight=own_effective.pre_release_weight,
    )
    tagged = repository.is_tagged(current)
    if tagged and not inherits and own_effective.prevent_increment_when_current_commit_tagged:
        at_tag = _tagged_version(repository, own_effective)
        if at_tag is not None:
            return result(version=at_tag[0], base=at_tag[1])
    chosen = _next_version(repository)
    if tagged and inherits and chosen.effective.prevent_increment_when_current_commit_tagged:
        at_tag = _tagged_version(repository, chosen.effective)
        if at_tag is not None:
            return result(version=at_tag[0], base=at_tag[1])
    version, distance = _deploy(repository, chosen)
    when = graph.when[current]
    highest = semver.highest(
        found.version
        for _, found in repository.tags_of_branch(chosen.branch, label=None, not_older_than=when)
    )
    if highest is not None and semver.compare(version, highest, pre_release=False) < 0:
        version = dataclasses.replace(
            version, major=highest.major, minor=highest.minor, patch=highest.patch
        )
    return result(version=version, base=chosen.base, distance=distance)


def _result(
    *,
    repository: repo.Repository,
    version: semver.SemVer,
    base: sources.BaseVersion,
    origin: str,
    uncommitted: int,
    weight: int,
    distance: int = 0,
) -> Result:
    graph = repository.graph
    current = repository.current
    return Result(
        version=dataclasses.replace(
            version,
            build=dataclasses.replace(
                version.build, branch=repository.current_branch.friendly, sha=graph.sha(current)
            ),
        ),
        branch=repository.current_branch.friendly,
        branch_origin=origin,
        sha=graph.sha(current),
        commit_when=graph.when[current],
        source=base.source,
        source_version=base.version,
        source_sha=None if base.source_commit is None else graph.sha(base.source_commit),
        source_distance=distance,
        source_increment=semver.VersionField.NONE,
        uncommitted_changes=uncommitted,
        pre_release_weight=weight,
        config=repository.config,
    )


# --- 1. branch and commit ------------------------------------------------------------------


def branch_from_ci(env: Mapping[str, str]) -> tuple[str, str] | None:
    """The branch a CI system says it builds, and the variable that said so."""
    github_ref = env.get("GITHUB_REF", "")
    if env.get("GITHUB_REF_TYPE", "").lower() != "tag":
        if github_ref.startswith(("refs/heads/", "refs/pull/")):
            return github_ref, "GITHUB_REF"
        for name in ("GITHUB_HEAD_REF", "GITHUB_REF_NAME"):
            if env.get(name):
                return env[name], name
    if env.get("CI_COMMIT_REF_NAME") and not env.get("CI_COMMIT_TAG"):
        return env["CI_COMMIT_REF_NAME"], "CI_COMMIT_REF_NAME"
    return None


def branch_ref(name: str) -> str:
    """A branch name as a ref; pull-request refs become local branches (``pull/5/merge``)."""
    if name.startswith((history.LOCAL_PREFIX, history.REMOTE_PREFIX)):
        return name
    if name.startswith("refs/"):
        return history.LOCAL_PREFIX + name[len("refs/") :]
    return history.LOCAL_PREFIX + name


def _choose(
    data: history.History, *, graph: history.Graph, config: cfg.Config, request: Request
) -> tuple[history.Branch, int, str]:
    head = graph.index.get(data.head)
    if head is None:
        raise errors.UserError(f"HEAD ({data.head[:12]}) is not in the history that was read")
    existing = {b.ref: b for b in data.branches}
    name: str | None = None
    origin = "HEAD"
    if request.branch:
        matches = [b.ref for b in data.branches if b.friendly == request.branch]
        name, origin = (matches[0] if matches else branch_ref(request.branch)), "--branch"
    elif data.head_ref:
        name = data.head_ref
    elif (ci := branch_from_ci(request.env)) is not None:
        name, origin = branch_ref(ci[0]), f"${ci[1]}"
    if request.commit:
        current = _resolve_commit(graph, request.commit)
    elif origin == "--branch" and data.head_ref and name != data.head_ref and name in existing:
        current = graph.index.get(existing[name].tip, head)
    else:
        current = head
    current = _first_not_ignored(graph, config, current)
    if name is None:
        name, origin = _infer_branch(graph, branches=data.branches, current=current)
    return history.Branch(ref=name, tip=graph.sha(current)), current, origin


def _resolve_commit(graph: history.Graph, text: str) -> int:
    sha = text.strip().lower()
    if not (4 <= len(sha) <= 40) or any(c not in "0123456789abcdef" for c in sha):
        raise errors.UserError(f"--commit {text!r} is not a commit SHA (4 to 40 hex digits)")
    if sha in graph.index:
        return graph.index[sha]
    found = [i for i, c in enumerate(graph.commits) if c.sha.startswith(sha)]
    if len(found) != 1:
        problem = "is ambiguous" if found else "is not in the history of any branch or tag"
        raise errors.UserError(f"--commit {text}: {problem}")
    return found[0]


def _first_not_ignored(graph: history.Graph, config: cfg.Config, current: int) -> int:
    if not config.is_ignored(graph.sha(current), graph.when[current]):
        return current
    reach = graph.reachable(current)
    for position in range(current, len(graph)):
        if position in reach and not config.is_ignored(graph.sha(position), graph.when[position]):
            return position
    raise errors.UserError("every commit of the branch is ignored by the configuration (ignore)")


def _infer_branch(
    graph: history.Graph, *, branches: tuple[history.Branch, ...], current: int
) -> tuple[str, str]:
    """GitVersion's rule at a detached HEAD: the one branch at (or else containing) it."""
    candidates = [
        b for b in branches if b.tip == graph.sha(current) and not b.ref.endswith("/HEAD")
    ]
    if not candidates:
        candidates = [
            b
            for b in branches
            if b.tip in graph.index
            and not b.ref.endswith("/HEAD")
            and graph.is_ancestor(current, graph.index[b.tip])
        ]
    if len(candidates) == 1:
        return candidates[0].ref, "the only branch containing the detached HEAD"
    return NO_BRANCH, "detached HEAD, no --branch or CI variable: unknown branch"


# --- 2. a tagged current commit ------------------------------------------------------------


def _tagged_version(
    repository: repo.Repository, effective: cfg.Effective
) -> tuple[semver.SemVer, sources.BaseVersion] | None:
    current = repository.current
    lookup = repository.tagged_versions(
        effective=effective, label=None, not_older_than=repository.graph.when[current]
    )
    label = repository.label(effective)
    candidates = [
        tagged.version
        for commit, versions in lookup
        if commit == current
        for tagged in versions
        if semver.matches_label(tagged.version, label)
    ]
    best = semver.highest(candidates)
    if best is None:
        return None
    version = dataclasses.replace(best, build=semver.NO_BUILD)
    if effective.mode is cfg.Mode.CONTINUOUS_DEPLOYMENT:
        version = dataclasses.replace(version, pre_release=semver.NO_PRE_RELEASE)
    base = sources.BaseVersion(
        source="Git tag on the current commit", version=best, source_commit=current
    )
    return version, base


# --- 3. effective configurations -----------------------------------------------------------


def _effective_configurations(
    repository: repo.Repository,
    *,
    branch: history.Branch,
    child: cfg.BranchConfig | None,
    traversed: set[str],
) -> Iterator[tuple[cfg.Effective, history.Branch]]:
    if branch.ref in traversed:
        return
    traversed.add(branch.ref)
    config = repository.config
    own = config.branch_config(branch.name)
    if child is not None:
        own = child.inherit(own)
    if own.increment is not cfg.Increment.INHERIT:
        yield cfg.effective(config, own), branch
        return
    parents = repository.source_branches(branch, excluded=traversed)
    if not parents:
        # An orphan: skipped unless the top-level increment says what to do.
        if config.globals.increment is not cfg.Increment.INHERIT:
            yield cfg.effective(config, own), branch
        return
    for parent in parents:
        yield from _effective_configurations(
            repository, branch=parent, child=own, traversed=traversed
        )


# --- 4. base versions and the next version -------------------------------------------------


def _next_version(repository: repo.Repository) -> _Next:
    config = repository.config
    graph = repository.graph
    candidates: list[_Next] = []
    for effective, branch in _effective_configurations(
        repository, branch=repository.current_branch, child=None, traversed=set()
    ):
        found = False
        for strategy in sources.ORDER:
            if strategy not in config.strategies or (strategy == "Fallback" and found):
                continue
            for base in sources.base_versions(
                strategy, repository=repository, effective=effective, branch=branch
            ):
                if base.source_commit is not None and repository.ignored(base.source_commit):
                    continue
                found = True
                candidates.append(
                    _Next(version=base.incremented(), base=base, effective=effective, branch=branch)
                )
    if not candidates:
        name = repository.current_branch.friendly
        raise errors.UserError(
            f"no version source found for branch {name!r}: its configuration inherits the "
            "increment (increment: Inherit) but none of its source branches exist; create "
            "the branch it comes from or set an increment for it in GitVersion.yml"
        )
    best = candidates[0]
    for candidate in candidates[1:]:
        if semver.compare(candidate.version, best.version) > 0:
            best = candidate
    same = [c for c in candidates if c.base.source_commit is not None and c.version == best.version]
    if len(same) > 1:
        latest = same[0]
        for candidate in same[1:]:
            if graph.when[_source(latest)] < graph.when[_source(candidate)]:
                latest = candidate
        best, source = latest, latest.base.source_commit
    else:
        pool = candidates
        if not best.version.is_pre_release:
            pool = [c for c in candidates if not c.base.version.is_pre_release] or candidates
        with_source = [c for c in pool if c.base.source_commit is not None]
        pick: _Next | None = None
        for candidate in with_source or pool:
            if pick is None or _later(graph, candidate=candidate, pick=pick):
                pick = candidate
        source = pick.base.source_commit if pick is not None else None
    base = dataclasses.replace(best.base, source_commit=source)
    return dataclasses.replace(best, base=base)


def _source(candidate: _Next) -> int:
    assert candidate.base.source_commit is not None
    return candidate.base.source_commit


def _later(graph: history.Graph, *, candidate: _Next, pick: _Next) -> bool:
    """Whether ``candidate`` orders before ``pick``: greater version, then later source."""
    order = semver.compare(candidate.version, pick.version)
    if order != 0:
        return order > 0
    if candidate.base.source_commit is None or pick.base.source_commit is None:
        return False
    return graph.when[candidate.base.source_commit] > graph.when[pick.base.source_commit]


# --- 5. deployment modes -------------------------------------------------------------------


def _deploy(repository: repo.Repository, chosen: _Next) -> tuple[semver.SemVer, int]:
    count = len(repository.commit_log(chosen.base.source_commit))
    version = chosen.version
    mode = chosen.effective.mode
    if mode is cfg.Mode.MANUAL_DEPLOYMENT:
        return dataclasses.replace(version, build=semver.BuildMetaData(commits=count)), count
    if mode is cfg.Mode.CONTINUOUS_DEPLOYMENT:
        return dataclasses.replace(
            version, pre_release=semver.NO_PRE_RELEASE, build=semver.NO_BUILD
        ), count
    pre = version.pre_release
    if not pre.has_tag or pre.number is None:
        raise errors.UserError(
            f"continuous delivery requires a pre-release number, but {version.text()} has none "
            f"(branch {repository.current_branch.friendly!r}, base version: {chosen.base.source})"
        )
    pre = dataclasses.replace(pre, number=pre.number + count - 1)
    return dataclasses.replace(version, pre_release=pre, build=semver.NO_BUILD), count
