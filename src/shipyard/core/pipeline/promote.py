"""Editing environment-repository files for a promotion, rewriting only the edited scalars.

A promotion sets image references (``image: host/apps/webapp:0.1.0`` becomes the new
reference) or one scalar at a key path (``image.tag`` in a Helm values file). The file is
composed with PyYAML to find the scalars, and only their characters are rewritten, so comments,
key order, quoting, indentation and every other byte stay as they were (no YAML round trip).
The scalar's own span comes from the scanner's token, since a node's marks also cover an anchor
or tag in front of it. The edited text is parsed again and must differ from the original in the
edited values only. Nothing matched is an error: a promotion that silently changed nothing would
leave the environment on the old version.

Image references are looked for in values of keys named ``image`` or ending in ``Image``
(``initImage``); one matches when its repository is ``repository`` or ends with
``/<repository>``, whatever its registry and tag.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

import yaml

from shipyard import errors

MAX_BYTES = 1 << 20
MAX_NODES = 100_000
_STR = "tag:yaml.org,2002:str"
_REFERENCE = re.compile(
    r"(?P<name>[A-Za-z0-9._-]+(?::[0-9]+)?(?:/[A-Za-z0-9._-]+)*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?(?:@(?P<digest>sha256:[a-f0-9]{64}))?"
)

Path = tuple[int | str, ...]  # document index, then keys and item indexes


@dataclasses.dataclass(frozen=True, kw_only=True)
class Change:
    line: int
    old: str
    new: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class Edited:
    text: str
    changes: tuple[Change, ...]  # the scalars rewritten
    matched: int  # scalars that matched, rewritten or already holding the value

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def image_matches(reference: str, repository: str) -> bool:
    """Whether an image reference names ``repository`` (under any registry or prefix)."""
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        return False
    name = match["name"]
    return name == repository or name.endswith("/" + repository)


def set_images(text: str, *, source: str, repository: str, image: str) -> Edited:
    """``text`` with every image reference of ``repository`` replaced by ``image``."""
    documents = _compose(text, source=source)
    targets = [
        (path, node)
        for path, key, node in _scalars(documents)
        if _is_image_key(key) and image_matches(node.value.strip(), repository)
    ]
    if not targets:
        raise errors.UserError(
            f"{source}: no image of repository {repository!r} found "
            "(looked in values of keys named image or ending in Image)"
        )
    return _edit(text, source=source, documents=documents, targets=targets, value=image)


def set_value(text: str, *, source: str, key: str, value: str) -> Edited:
    """``text`` with the scalar at the dotted ``key`` path set to ``value`` in every document
    that has it."""
    documents = _compose(text, source=source)
    wanted = tuple(key.split("."))
    targets = []
    for path, _, node in _scalars(documents):
        if path[1:] == wanted:
            targets.append((path, node))
    if not targets:
        raise errors.UserError(f"{source}: no scalar at {key!r} found")
    return _edit(text, source=source, documents=documents, targets=targets, value=value)


def _compose(text: str, *, source: str) -> list[yaml.Node]:
    if len(text.encode(errors="replace")) > MAX_BYTES:
        raise errors.UserError(f"{source}: larger than {MAX_BYTES // 1024} KiB")
    try:
        # The pure-Python loader: its marks count characters, which the edit relies on.
        return [node for node in yaml.compose_all(text, Loader=yaml.SafeLoader) if node]
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise errors.UserError(f"{source}:{line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError:
        raise errors.UserError(f"{source}: not valid YAML") from None


def _scalars(documents: list[yaml.Node]) -> Iterator[tuple[Path, str, yaml.ScalarNode]]:
    """(path, key of the parent mapping or "", node) of every scalar value, each node once."""
    seen: set[int] = set()
    pending: list[tuple[Path, str, yaml.Node]] = [
        ((index,), "", node) for index, node in reversed(list(enumerate(documents)))
    ]
    while pending:
        path, key, node = pending.pop()
        if id(node) in seen:
            continue  # an alias: the anchored node is edited once, where it is written
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise errors.UserError(f"more than {MAX_NODES} YAML nodes")
        if isinstance(node, yaml.ScalarNode):
            yield path, key, node
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
                pending.append(((*path, name), name, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in reversed(list(enumerate(node.value))):
                pending.append(((*path, index), key, item))


def _is_image_key(key: str) -> bool:
    return key == "image" or key.endswith("Image")


def _edit(
    text: str, *, source: str, documents: list[yaml.Node],
    targets: list[tuple[Path, yaml.ScalarNode]], value: str,
) -> Edited:  # fmt: skip
    spans = {
        token.end_mark.index: token.start_mark.index
        for token in yaml.scan(text, Loader=yaml.SafeLoader)
        if isinstance(token, yaml.ScalarToken)
    }
    edits = []
    for _, node in targets:
        if node.value == value:
            continue
        if node.style in ("|", ">"):
            raise errors.UserError(
                f"{source}:{node.start_mark.line + 1}: a block scalar cannot be set; write it "
                "on one line"
            )
        end = node.end_mark.index
        start = spans[end]
        edits.append((start, end, _render(node, value), node))
    result = text
    for start, end, rendered, _ in sorted(edits, key=lambda edit: edit[0], reverse=True):
        result = result[:start] + rendered + result[end:]
    _verify(result, source=source, before=documents, edited={path for path, _ in targets},
            value=value)  # fmt: skip
    changes = tuple(
        Change(line=node.start_mark.line + 1, old=node.value, new=value)
        for _, _, _, node in sorted(edits, key=lambda edit: edit[0])
    )
    return Edited(text=result, changes=changes, matched=len(targets))


def _render(node: yaml.ScalarNode, value: str) -> str:
    if node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    if node.style is None and _plain_keeps(value, tag=node.tag):
        return value
    return json.dumps(value, ensure_ascii=False)  # a valid YAML double-quoted scalar


def _plain_keeps(value: str, *, tag: str) -> bool:
    """Whether ``value`` written plain reads back as itself, with the original's type."""
    if not value or value != value.strip() or "\n" in value or any(c in value for c in ",[]{}#"):
        return False
    try:
        node = yaml.compose(f"k: {value}\n", Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return False
    scalar = node.value[0][1]
    return (
        isinstance(scalar, yaml.ScalarNode)
        and scalar.style is None
        and scalar.value == value
        and scalar.tag == tag
    )


def _verify(
    text: str, *, source: str, before: list[yaml.Node], edited: set[Path], value: str
) -> None:
    after = _compose(text, source=source)
    old = {path: (node.tag, node.value) for path, _, node in _scalars(before)}
    new = {path: (node.tag, node.value) for path, _, node in _scalars(after)}
    expected = {path: (old[path][0], value) if path in edited else old[path] for path in old}
    if new.keys() != expected.keys() or any(
        new[path][1] != expected[path][1] or (path not in edited and new[path] != old[path])
        for path in new
    ):
        raise errors.TerminalError(f"{source}: the edit would change more than the new value")
