"""The built-in steps, run in process by the runner whatever the executor:

version  GitVersion-compatible variables of the run's commit (as `shipyard version`)
image    a daemonless build tagged <version> and sha-<short sha>, pushed to the registry
         the tag policy routes the branch to
promote  clone the environment repository ▶ edit files (comments kept) ▶ commit ▶ push;
         a push that lost a race starts over from the new tip (three tries)
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from shipyard import errors
from shipyard.adapters.git import workspace
from shipyard.core import oci
from shipyard.core.images import config as image_config
from shipyard.core.images import tags
from shipyard.core.pipeline import model, plan, promote
from shipyard.engine import versions
from shipyard.engine.images import daemonless
from shipyard.engine.pipeline import extensions, steps

PUSH_TRIES = 3


def version(context: steps.StepContext) -> Mapping[str, str]:
    spec = context.step.spec
    assert isinstance(spec, model.VersionSpec)
    result, computed = versions.compute(
        context.run.workspace / spec.path,
        branch=context.run.branch or None,
        commit=context.run.commit or None,
        env=context.env,
    )
    values = {name: value or "" for name, value in computed.items()}
    values["ImageTag"] = tags.version_tag(values["FullSemVer"])
    context.log(f"version {values['FullSemVer']} (branch {result.branch}, {result.source})")
    return values


class ImageBuilder:
    """The image step, with the registry connections and layer cache it needs."""

    def __init__(self, *, open_registry: daemonless.OpenRegistry, cache: Path) -> None:
        self.open_registry = open_registry
        self.cache = cache

    def __call__(self, context: steps.StepContext) -> Mapping[str, str]:
        spec = context.step.spec
        assert isinstance(spec, model.ImageSpec)
        run = context.run
        if not run.commit:
            raise errors.UserError("an image step needs a Git commit (the workspace has none)")
        routing = tags.Routing(prod=spec.prod, dev=spec.dev)
        if spec.prod_branches:
            routing = tags.Routing(
                prod=spec.prod,
                dev=spec.dev,
                prod_branches=tuple(
                    f"^{plan.compile_branch_pattern(p).pattern}$" for p in spec.prod_branches
                ),
            )
        registry = tags.destination(routing=routing, branch=run.branch, is_tag=bool(run.tags))
        target = oci.parse_reference(f"{registry.rstrip('/')}/{spec.repository}")
        image_tags = tags.image_tags(version=spec.version, short_sha=run.short_sha)
        context.log(f"target {target} (branch {run.branch or '(detached)'}), tags {image_tags}")
        request = daemonless.Request(
            base=oci.parse_reference(spec.base),
            target=target,
            tags=image_tags,
            context=run.workspace / spec.context,
            app_dir=spec.app_dir,
            exclude=(".shipyard", *spec.exclude),
            requirements=run.workspace / spec.requirements if spec.requirements else None,
            settings=image_config.Settings(
                entrypoint=spec.config.entrypoint,
                cmd=spec.config.cmd,
                env=spec.config.env,
                user=spec.config.user,
                workdir=spec.config.workdir,
                labels=spec.config.labels,
                exposed_ports=spec.config.ports,
            ),
            epoch=run.commit_time,
            source=run.remote,
            revision=run.commit,
            version=spec.version,
            force=spec.force,
        )
        result = daemonless.build(
            request, open_registry=self.open_registry, cache=self.cache, report=context.log
        )
        for line in daemonless.summary_lines(result):
            context.log(line)
        tagged = target.with_tag(image_tags[0])
        return {
            "image": str(tagged),
            "pinned": str(tagged.with_digest(result.digest)),
            "digest": result.digest,
            "tag": image_tags[0],
            "registry": target.registry,
            "repository": target.repository,
        }


def promote_step(context: steps.StepContext) -> Mapping[str, str]:
    spec = context.step.spec
    assert isinstance(spec, model.PromoteSpec)
    with tempfile.TemporaryDirectory(prefix="shipyard-promote-") as scratch:
        for attempt in range(1, PUSH_TRIES + 1):
            clone = workspace.clone(
                spec.repo, branch=spec.branch, into=Path(scratch) / f"try-{attempt}"
            )
            changed = _edit_files(context, spec, clone)
            if not changed:
                context.log("the environment already holds these values: nothing to commit")
                return {"commit": workspace.commit_of(clone), "changed": "false"}
            try:
                sha = workspace.commit_and_push(
                    clone,
                    paths=changed,
                    message=_message(context, spec),
                    author=spec.author,
                    branch=spec.branch,
                    url=spec.repo,
                )
            except errors.TransientError as exc:
                if attempt == PUSH_TRIES:
                    raise
                context.log(f"push failed ({exc}); starting over from the branch's new tip")
                continue
            context.log(f"pushed {sha[:12]} to {spec.branch}")
            return {"commit": sha, "changed": "true"}
    raise AssertionError("unreachable")


def _edit_files(context: steps.StepContext, spec: model.PromoteSpec, clone: Path) -> list[str]:
    changed = []
    for entry in spec.files:
        text = workspace.read_file(clone, entry.path)
        if entry.match:
            edited = promote.set_images(
                text, source=entry.path, repository=entry.match, image=spec.image
            )
        else:
            edited = promote.set_value(text, source=entry.path, key=entry.key, value=entry.value)
        for change in edited.changes:
            context.log(f"{entry.path}:{change.line}: {change.old} -> {change.new}")
        if edited.changed:
            workspace.write_file(clone, entry.path, edited.text)
            changed.append(entry.path)
    return changed


def _message(context: steps.StepContext, spec: model.PromoteSpec) -> str:
    subject = spec.message or (
        f"promote {spec.image}" if spec.image else
        "set " + ", ".join(f"{f.key}={f.value}" for f in spec.files if f.key)
    )  # fmt: skip
    run = context.run
    return (
        f"{subject}\n\nPipeline: {run.pipeline}\nRun: {run.run_id}\n"
        f"Source-Commit: {run.commit or 'none'}\n"
    )


def handlers(*, open_registry: daemonless.OpenRegistry, cache: Path) -> dict[str, steps.Handler]:
    """The handler of every step type but ``run`` (which the executor runs)."""
    return {
        "version": version,
        "image": ImageBuilder(open_registry=open_registry, cache=cache),
        "promote": promote_step,
        **{kind: extensions.handler(kind) for kind in model.EXTENSION_TYPES},
    }
