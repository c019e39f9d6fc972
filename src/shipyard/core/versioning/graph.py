"""A repository's history as values (commits, branches, tags) and the walks over it.

Commits are numbered in a topological order, children before parents (``git log
--date-order``); a commit's number is its *position*. Every walk visits commits in position
order, which makes the answers exact (no clock-skew heuristics) and lets walks stop early:
the commits between a version source and HEAD, the merge base of two commits, whether one
commit is an ancestor of another. Whole-history reachability is computed once per tip and
cached, so 20,000 commits and thousands of tags cost a few linear passes, not one per tag.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterable, Sequence

LOCAL_PREFIX = "refs/heads/"
REMOTE_PREFIX = "refs/remotes/"
DETACHED = "(no branch)"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    when: int  # committer date, unix seconds
    message: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class Branch:
    ref: str  # refs/heads/main, refs/remotes/origin/main, or "(no branch)" when detached
    tip: str

    @property
    def friendly(self) -> str:
        for prefix in (LOCAL_PREFIX, REMOTE_PREFIX):
            if self.ref.startswith(prefix):
                return self.ref[len(prefix) :]
        return self.ref

    @property
    def name(self) -> str:
        """The name matched against branch configurations (``origin/`` removed)."""
        friendly = self.friendly
        if self.ref.startswith(REMOTE_PREFIX) and friendly.startswith("origin/"):
            return friendly[len("origin/") :]
        return friendly

    @property
    def is_detached(self) -> bool:
        return self.ref == DETACHED


@dataclasses.dataclass(frozen=True, kw_only=True)
class Tag:
    name: str  # without refs/tags/
    target: str  # the commit it points at (annotated tags peeled)


@dataclasses.dataclass(frozen=True, kw_only=True)
class History:
    """Everything version calculation reads from a repository."""

    commits: tuple[Commit, ...]  # children before parents
    branches: tuple[Branch, ...]
    tags: tuple[Tag, ...]
    head: str  # the SHA HEAD points at
    head_ref: str | None = None  # refs/heads/<name> when HEAD is a branch, None if detached
    uncommitted_changes: int = 0


class Graph:
    """Positions, parents and cached walks over a history's commits."""

    def __init__(self, commits: Sequence[Commit]) -> None:
        self.commits: list[Commit] = _topological(commits)
        index = {c.sha: i for i, c in enumerate(self.commits)}
        self.index: dict[str, int] = index
        self.parents: list[tuple[int, ...]] = [
            tuple([index[p] for p in c.parents if p in index])
            if len(c.parents) != 1 or c.parents[0] not in index
            else (index[c.parents[0]],)
            for c in self.commits
        ]
        self.when: list[int] = [c.when for c in self.commits]
        self._children: list[list[int]] | None = None
        self._reachable: dict[int, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.commits)

    def sha(self, position: int) -> str:
        return self.commits[position].sha

    def children(self, position: int) -> list[int]:
        if self._children is None:
            children: list[list[int]] = [[] for _ in self.commits]
            for child, parents in enumerate(self.parents):
                for parent in parents:
                    children[parent].append(child)
            self._children = children
        return self._children[position]

    def reachable(self, start: int) -> frozenset[int]:
        """Every commit reachable from ``start``, itself included (cached)."""
        cached = self._reachable.get(start)
        if cached is not None:
            return cached
        seen = {start}
        stack = [start]
        parents = self.parents
        while stack:
            for parent in parents[stack.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        result = frozenset(seen)
        self._reachable[start] = result
        return result

    def only_from(self, include: int, exclude: Iterable[int | None]) -> list[int]:
        """Commits reachable from ``include`` but from none of ``exclude``, newest first
        (``git rev-list include ^exclude...``)."""
        flags: dict[int, int] = {include: 1}
        for position in exclude:
            if position is not None:
                flags[position] = flags.get(position, 0) | 2
        heap = list(flags)
        heapq.heapify(heap)
        interesting = sum(1 for f in flags.values() if not f & 2)
        result: list[int] = []
        parents = self.parents
        while heap and interesting:
            position = heapq.heappop(heap)
            flag = flags[position]
            if not flag & 2:
                interesting -= 1
                result.append(position)
            for parent in parents[position]:
                old = flags.get(parent)
                if old is None:
                    flags[parent] = flag
                    heapq.heappush(heap, parent)
                    if not flag & 2:
                        interesting += 1
                elif old | flag != old:
                    flags[parent] = old | flag
                    if not old & 2 and flag & 2:
                        interesting -= 1
        return result

    def merge_base(self, first: int, second: int) -> int | None:
        """A best common ancestor of two commits: the newest one by position."""
        if first == second:
            return first
        flags = {first: 1, second: 2}
        heap = [first, second]
        heapq.heapify(heap)
        parents = self.parents
        while heap:
            position = heapq.heappop(heap)
            flag = flags[position]
            if flag == 3:
                return position
            for parent in parents[position]:
                old = flags.get(parent)
                if old is None:
                    flags[parent] = flag
                    heapq.heappush(heap, parent)
                else:
                    flags[parent] = old | flag
        return None

    def is_ancestor(self, ancestor: int, descendant: int) -> bool:
        """Whether ``ancestor`` is reachable from ``descendant`` (or is it)."""
        if ancestor == descendant:
            return True
        if ancestor < descendant:
            return False
        cached = self._reachable.get(descendant)
        if cached is not None:
            return ancestor in cached
        # Only commits positioned between the two can lie on a path from one to the other.
        seen = {descendant}
        stack = [descendant]
        parents = self.parents
        while stack:
            for parent in parents[stack.pop()]:
                if parent == ancestor:
                    return True
                if parent < ancestor and parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return False


def _children_first(commits: Sequence[Commit], index: dict[str, int]) -> bool:
    get = index.get
    for i, commit in enumerate(commits):
        for parent in commit.parents:
            if get(parent, i + 1) <= i:
                return False
    return True


def _topological(commits: Sequence[Commit]) -> list[Commit]:
    """The commits children-first; ``git log --date-order`` output passes through unchanged."""
    index = {c.sha: i for i, c in enumerate(commits)}
    if _children_first(commits, index):
        return list(commits)
    pending_children = [0] * len(commits)
    for commit in commits:
        for parent in commit.parents:
            if parent in index:
                pending_children[index[parent]] += 1
    ready = [(-c.when, i) for i, c in enumerate(commits) if pending_children[i] == 0]
    heapq.heapify(ready)
    ordered: list[Commit] = []
    while ready:
        _, i = heapq.heappop(ready)
        ordered.append(commits[i])
        for parent in commits[i].parents:
            j = index.get(parent)
            if j is not None:
                pending_children[j] -= 1
                if pending_children[j] == 0:
                    heapq.heappush(ready, (-commits[j].when, j))
    if len(ordered) != len(commits):
        raise ValueError("the commit graph has a cycle")
    return ordered
