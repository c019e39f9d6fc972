"""Reading the options of each step type (``run``, ``version``, ``image``, ``promote``,
``scan``/``sign``) into their spec values, recording problems through a ``fields.Reader``.

Values holding ``${...}`` are checked once substituted, at run time; literal values are
checked here (image references, repositories, absolute paths, argv).
"""

from __future__ import annotations

import re

from shipyard import errors
from shipyard.core import oci
from shipyard.core.pipeline import model, plan
from shipyard.core.pipeline.fields import Loc, Reader

KEYS: dict[str, tuple[str, ...]] = {
    "run": ("run", "image", "junit"),
    "version": ("path",),
    "image": (
        "base", "repository", "registry", "version", "context", "appDir", "requirements",
        "exclude", "config", "force",
    ),
    "promote": ("repo", "branch", "image", "files", "message", "author"),
    "scan": ("command", "with"),
    "sign": ("command", "with"),
}  # fmt: skip
_REGISTRY_KEYS = ("prod", "dev", "prodBranches")
_CONFIG_KEYS = ("entrypoint", "cmd", "env", "user", "workdir", "ports", "labels")
_FILE_KEYS = ("path", "match", "key", "value")
_SCRIPT_REFERENCE = re.compile(r"\$\{\{|\$\{steps\.")
_GIT_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


def read(reader: Reader, data: dict[str, object], loc: Loc, *, kind: str) -> model.Spec:
    if kind == "run":
        return _run(reader, data, loc)
    if kind == "version":
        path = reader.string(data, (*loc, "path"), default=".")
        if path != ".":
            reader.relative(path, (*loc, "path"))
        return model.VersionSpec(path=path)
    if kind == "image":
        return _image(reader, data, loc)
    if kind == "promote":
        return _promote(reader, data, loc)
    if kind in model.EXTENSION_TYPES:
        return model.ExtensionSpec(
            command=reader.strings(data, (*loc, "command")),
            settings=_settings(reader, data, (*loc, "with")),
        )
    return model.ExtensionSpec()  # an unknown or unavailable type, already reported


def _literal(text: str) -> bool:
    return "${" not in text


def _run(reader: Reader, data: dict[str, object], loc: Loc) -> model.RunSpec:
    script = reader.string(data, (*loc, "run"), required=True, references=False)
    if _SCRIPT_REFERENCE.search(script):
        reader.problem(
            (*loc, "run"),
            "scripts are never substituted: pass values through env (for example "
            'env: {VERSION: "${steps.version.SemVer}"}) and use "$VERSION" in the script',
        )
    image = reader.string(data, (*loc, "image"))
    if image and _literal(image):
        _check_reference(reader, image, (*loc, "image"))
    return model.RunSpec(script=script, image=image, junit=reader.paths(data, (*loc, "junit")))


def _check_reference(reader: Reader, text: str, loc: Loc) -> None:
    try:
        oci.parse_reference(text)
    except errors.UserError as exc:
        reader.problem(loc, str(exc))


def _image(reader: Reader, data: dict[str, object], loc: Loc) -> model.ImageSpec:
    base = reader.string(data, (*loc, "base"), required=True)
    if base and _literal(base):
        _check_reference(reader, base, (*loc, "base"))
    repository = reader.string(data, (*loc, "repository"), required=True)
    if repository and _literal(repository) and not oci.REPOSITORY_RE.fullmatch(repository):
        reader.problem(
            (*loc, "repository"),
            "invalid repository (lowercase letters, digits and . _ __ - between / components)",
        )
    registry = reader.mapping(data.get("registry"), (*loc, "registry"), known=_REGISTRY_KEYS)
    if "registry" not in data:
        reader.problem((*loc, "registry"), "required field is missing: give prod and dev")
    prod_branches = reader.strings(registry, (*loc, "registry", "prodBranches"), references=False)
    for index, pattern in enumerate(prod_branches):
        try:
            plan.compile_branch_pattern(pattern)
        except ValueError as exc:
            reader.problem((*loc, "registry", "prodBranches", index), f"invalid pattern: {exc}")
    context = reader.string(data, (*loc, "context"), default=".")
    if context != ".":
        reader.relative(context, (*loc, "context"))
    app_dir = reader.string(data, (*loc, "appDir"), default="/app")
    if not app_dir.startswith("/"):
        reader.problem((*loc, "appDir"), "must be an absolute path in the image")
    requirements = reader.string(data, (*loc, "requirements"))
    if requirements:
        reader.relative(requirements, (*loc, "requirements"))
    return model.ImageSpec(
        base=base,
        repository=repository,
        prod=reader.string(registry, (*loc, "registry", "prod"), required="registry" in data),
        dev=reader.string(registry, (*loc, "registry", "dev"), required="registry" in data),
        prod_branches=prod_branches,
        version=reader.string(data, (*loc, "version"), required=True),
        context=context,
        app_dir=app_dir,
        requirements=requirements,
        exclude=reader.strings(data, (*loc, "exclude")),
        config=_image_config(reader, data, (*loc, "config")),
        force=reader.boolean(data, (*loc, "force"), default=False),
    )


def _image_config(reader: Reader, data: dict[str, object], loc: Loc) -> model.ImageConfig:
    config = reader.mapping(data.get("config"), loc, known=_CONFIG_KEYS)
    return model.ImageConfig(
        entrypoint=reader.strings(config, (*loc, "entrypoint")) if "entrypoint" in config else None,
        cmd=reader.strings(config, (*loc, "cmd")) if "cmd" in config else None,
        env=reader.pairs(config, (*loc, "env")),
        user=reader.string(config, (*loc, "user")),
        workdir=reader.string(config, (*loc, "workdir")),
        ports=reader.strings(config, (*loc, "ports")),
        labels=_settings(reader, config, (*loc, "labels")),
    )


def _settings(reader: Reader, data: dict[str, object], loc: Loc) -> model.Pairs:
    """A mapping of any keys to string values (labels, provider settings)."""
    mapping = reader.mapping(data.get(str(loc[-1])), loc)
    result = []
    for key, value in mapping.items():
        text = reader.string(mapping, (*loc, key))
        if value is not None and not isinstance(value, dict | list | bool | float):
            result.append((key, text))
    return tuple(result)


def _promote(reader: Reader, data: dict[str, object], loc: Loc) -> model.PromoteSpec:
    repo = reader.string(data, (*loc, "repo"), required=True)
    if repo.startswith("-"):
        reader.problem((*loc, "repo"), "a repository URL may not start with '-'")
    branch = reader.string(data, (*loc, "branch"), default="main")
    if _literal(branch) and (not _GIT_BRANCH.fullmatch(branch) or branch.startswith(("-", "/"))):
        reader.problem((*loc, "branch"), "is not a usable branch name")
    image = reader.string(data, (*loc, "image"))
    if image and _literal(image):
        _check_reference(reader, image, (*loc, "image"))
    files = []
    items = data.get("files")
    if items is None:
        reader.problem((*loc, "files"), "required field is missing: list the files to update")
    elif not isinstance(items, list) or not items:
        reader.problem((*loc, "files"), "expected a list of files to update")
    for index, item in enumerate(items if isinstance(items, list) else []):
        where = (*loc, "files", index)
        entry = reader.mapping(item, where, known=_FILE_KEYS)
        path = reader.string(entry, (*where, "path"), required=True)
        reader.relative(path, (*where, "path"))
        match = reader.string(entry, (*where, "match"))
        key = reader.string(entry, (*where, "key"))
        value = reader.string(entry, (*where, "value"))
        if bool(match) == bool(key):
            reader.problem(where, "give either match (an image repository) or key and value")
        elif key and "value" not in entry:
            reader.problem((*where, "value"), "required field is missing: the value to set")
        elif match and not image:
            reader.problem((*loc, "image"), f"files[{index}] has match: give the new image")
        if key and not re.fullmatch(r"[^.\s]+(\.[^.\s]+)*", key):
            reader.problem((*where, "key"), "must be a dotted path such as image.tag")
        files.append(model.PromoteFile(path=path, match=match, key=key, value=value))
    return model.PromoteSpec(
        repo=repo,
        files=tuple(files),
        branch=branch,
        image=image,
        message=reader.string(data, (*loc, "message")),
        author=_author(reader, data, loc),
    )


def _author(reader: Reader, data: dict[str, object], loc: Loc) -> str:
    author = reader.string(data, (*loc, "author"), default=model.PromoteSpec.author)
    if _literal(author) and not re.fullmatch(r"[^<>\n]+ <[^<>\s]+>", author):
        reader.problem((*loc, "author"), "expected 'Name <email>'")
    return author
