"""Pipeline steps as Kubernetes Jobs: create one, follow its pods' logs, wait for its end.

The Job runs the step's command as an argv list in the step's image, with the step's
environment as container env, ``activeDeadlineSeconds`` from the step's timeout and
``backoffLimit`` from its retries (Kubernetes retries, not the runner). With a source URL, an
init container clones the commit into an ``emptyDir`` workspace that the step's container
starts in. Logs of every pod are followed through the API server as soon as the pod runs; when
the node cannot serve them (KWOK's fake nodes run no containers, so there are none) that is
said once per pod, and nothing is made up. lightkube's errors are translated here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Callable

import httpx2
import lightkube
from lightkube.core import client as client_module
from lightkube.models import batch_v1 as batch_models
from lightkube.models import core_v1 as core_models
from lightkube.models import meta_v1
from lightkube.resources import batch_v1, core_v1
from lightkube.types import CascadeType

from shipyard import errors

JOB_NAME_LABEL = "job-name"
WORKSPACE = "/workspace"
POLL_SECONDS = 0.5
GIT_IMAGE = "alpine/git:2.47.2"  # clones the source in the init container
_EMPTY_DIR = core_models.EmptyDirVolumeSource()


@dataclasses.dataclass(frozen=True, kw_only=True)
class JobSpec:
    name: str
    namespace: str
    image: str
    command: tuple[str, ...]
    env: tuple[tuple[str, str], ...]
    labels: tuple[tuple[str, str], ...]
    deadline_seconds: int
    backoff_limit: int
    source_url: str = ""  # cloned into the workspace by an init container when set
    source_commit: str = ""
    git_image: str = GIT_IMAGE
    ttl_seconds: int = 24 * 3600


@dataclasses.dataclass(frozen=True, kw_only=True)
class Outcome:
    succeeded: bool
    reason: str  # the Job's failure reason and message, or "completed"
    pods: tuple[str, ...]
    logs_available: bool


def _translate(exc: Exception, *, what: str) -> errors.ShipyardError:
    if isinstance(exc, lightkube.ApiError):
        status = exc.status
        code = status.code if status is not None and status.code else 0
        message = ((status.message if status is not None else None) or str(exc))[:400]
        if code >= 500 or code == 429:
            return errors.TransientError(f"{what}: API server error {code}: {message}")
        return errors.UserError(f"{what}: refused ({code}): {message}")
    if isinstance(exc, httpx2.HTTPError):
        return errors.TransientError(f"{what}: API server unreachable: {exc}")
    raise exc


def job_object(spec: JobSpec) -> batch_v1.Job:
    env = [core_models.EnvVar(name=name, value=value) for name, value in spec.env]
    mounts = [core_models.VolumeMount(name="workspace", mountPath=WORKSPACE)]
    init = []
    if spec.source_url:
        clone = ["git", "clone", "--quiet", "--no-checkout", "--", spec.source_url, WORKSPACE]
        init.append(
            core_models.Container(
                name="checkout",
                image=spec.git_image,
                command=["sh", "-c", 'git "$@" && git -C /workspace checkout -q "$SHA"', "sh",
                         *clone[1:]],
                env=[core_models.EnvVar(name="SHA", value=spec.source_commit)],
                volumeMounts=mounts,
            )
        )  # fmt: skip
    labels = dict(spec.labels)
    return batch_v1.Job(
        metadata=meta_v1.ObjectMeta(name=spec.name, labels=labels),
        spec=batch_models.JobSpec(
            activeDeadlineSeconds=spec.deadline_seconds,
            backoffLimit=spec.backoff_limit,
            ttlSecondsAfterFinished=spec.ttl_seconds,
            template=core_models.PodTemplateSpec(
                metadata=meta_v1.ObjectMeta(labels=labels),
                spec=core_models.PodSpec(
                    restartPolicy="Never",
                    initContainers=init or None,
                    containers=[
                        core_models.Container(
                            name="step",
                            image=spec.image,
                            command=list(spec.command),
                            env=env,
                            workingDir=WORKSPACE,
                            volumeMounts=mounts,
                        )
                    ],
                    volumes=[core_models.Volume(name="workspace", emptyDir=_EMPTY_DIR)],
                ),
            ),
        ),
    )


class Jobs:
    """Job operations through one lightkube client."""

    def __init__(self, client: lightkube.Client) -> None:
        self.client = client

    def create(self, spec: JobSpec) -> None:
        try:
            self.client.create(job_object(spec), namespace=spec.namespace)
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, what=f"creating Job {spec.namespace}/{spec.name}") from exc

    def delete(self, *, namespace: str, name: str) -> None:
        with contextlib.suppress(lightkube.ApiError, httpx2.HTTPError):
            self.client.delete(
                batch_v1.Job, name, namespace=namespace, cascade=CascadeType.BACKGROUND
            )

    def wait(
        self, *, namespace: str, name: str, timeout: float, on_line: Callable[[str], None]
    ) -> Outcome:
        """Follows the Job's pods' logs until it completes or fails, or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        followers: dict[str, threading.Thread] = {}
        unavailable: set[str] = set()
        what = f"Job {namespace}/{name}"
        while True:
            try:
                job = self.client.get(batch_v1.Job, name, namespace=namespace)
                selector: client_module.LabelSelector = {JOB_NAME_LABEL: name}
                pods = list(self.client.list(core_v1.Pod, namespace=namespace, labels=selector))
            except (lightkube.ApiError, httpx2.HTTPError) as exc:
                raise _translate(exc, what=what) from exc
            for pod in pods:
                pod_name = pod.metadata.name if pod.metadata and pod.metadata.name else ""
                phase = pod.status.phase if pod.status else None
                if pod_name and pod_name not in followers and phase != "Pending":
                    followers[pod_name] = threading.Thread(
                        target=self._follow,
                        args=(namespace, pod_name, on_line, unavailable),
                        daemon=True,
                    )
                    followers[pod_name].start()
            conditions = {
                condition.type: condition
                for condition in ((job.status.conditions if job.status else None) or [])
                if condition.status == "True"
            }
            finished = conditions.get("Complete") or conditions.get("Failed")
            if finished is not None:
                for follower in followers.values():
                    follower.join(timeout=10)
                reason = "completed" if finished.type == "Complete" else (
                    f"{finished.reason or 'Failed'}: {finished.message or ''}".strip(": ")
                )  # fmt: skip
                return Outcome(
                    succeeded=finished.type == "Complete",
                    reason=reason,
                    pods=tuple(followers),
                    logs_available=bool(followers) and not (set(followers) <= unavailable),
                )
            if time.monotonic() > deadline:
                raise errors.TerminalError(f"{what} did not finish in {timeout:.0f} s")
            time.sleep(POLL_SECONDS)

    def _follow(
        self, namespace: str, pod: str, on_line: Callable[[str], None], unavailable: set[str]
    ) -> None:
        try:
            for line in self.client.log(
                pod, namespace=namespace, container="step", follow=True, newlines=False
            ):
                on_line(line)
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            unavailable.add(pod)
            why = exc.status.message if isinstance(exc, lightkube.ApiError) else str(exc)
            on_line(
                f"# logs of pod {pod} are unavailable: {(why or type(exc).__name__)[:300]} "
                "(the node did not serve them; KWOK's fake nodes run no containers and never do)"
            )
