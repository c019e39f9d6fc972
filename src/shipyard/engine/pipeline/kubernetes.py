"""The Kubernetes executor: each run step as a ``batch/v1`` Job, so pipelines scale past one
machine.

The Job runs ``bash -euo pipefail -c SCRIPT`` in the step's ``image``, with only the variables
the pipeline declares (its env, the step's env and the run's SHIPYARD_* values: never the
runner's own environment), ``activeDeadlineSeconds`` covering every attempt and
``backoffLimit`` = retries, so Kubernetes does the retrying. When the workspace has an origin
URL, an init container clones the commit. Pod logs stream back into the step's log; built-in
steps (version, image, promote) still run in the runner's process. A Job step publishes no
outputs (``$SHIPYARD_OUTPUT`` stays on the pod).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from shipyard import errors
from shipyard.adapters.kube import jobs
from shipyard.core.pipeline import model
from shipyard.engine.pipeline import local, steps

WAIT_MARGIN_SECONDS = 120.0
_UNSAFE = re.compile(r"[^a-z0-9-]+")


def job_name(run_id: str, step: str) -> str:
    """A DNS label (at most 63 characters) unique to the run and step."""
    base = _UNSAFE.sub("-", f"shipyard-{run_id}-{step}".lower()).strip("-")
    if len(base) <= 63:
        return base
    digest = hashlib.sha256(base.encode()).hexdigest()[:8]
    return f"{base[:54].rstrip('-')}-{digest}"


class KubernetesExecutor:
    name = "kubernetes"
    retries_itself = True

    def __init__(
        self, *, jobs_api: jobs.Jobs, namespace: str, git_image: str = jobs.GIT_IMAGE
    ) -> None:
        self.jobs = jobs_api
        self.namespace = namespace
        self.git_image = git_image

    def run_script(self, context: steps.StepContext) -> Mapping[str, str]:
        step = context.step
        spec = step.spec
        assert isinstance(spec, model.RunSpec)
        if not spec.image:
            raise errors.UserError(
                f"step {step.name}: give image: (the container to run the script in) to run it "
                "on the kubernetes executor"
            )
        name = job_name(context.run.run_id, step.name)
        deadline = int(step.timeout * (step.retries + 1))
        job = jobs.JobSpec(
            name=name,
            namespace=self.namespace,
            image=spec.image,
            command=(*local.SHELL, spec.script),
            env=tuple(sorted(context.declared_env.items())),
            labels=(
                ("app.kubernetes.io/managed-by", "shipyard"),
                ("shipyard.dev/run", _UNSAFE.sub("-", context.run.run_id.lower())),
                ("shipyard.dev/step", _UNSAFE.sub("-", step.name.lower())),
            ),
            deadline_seconds=deadline,
            backoff_limit=step.retries,
            source_url=context.run.remote if "://" in context.run.remote else "",
            source_commit=context.run.commit,
            git_image=self.git_image,
        )
        self.jobs.create(job)
        context.log(f"# Job {self.namespace}/{name} created (image {spec.image})")
        outcome = self.jobs.wait(
            namespace=self.namespace,
            name=name,
            timeout=deadline + WAIT_MARGIN_SECONDS,
            on_line=context.log,
        )
        if not outcome.logs_available:
            context.log(f"# no logs streamed from pods {', '.join(outcome.pods) or '(none)'}")
        context.log(f"# Job {name}: {outcome.reason}")
        if not outcome.succeeded:
            raise steps.StepFailed(f"Job {self.namespace}/{name} failed: {outcome.reason}")
        return {"job": name, "namespace": self.namespace}
