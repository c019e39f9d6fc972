"""A pod's logs, read once through the API server (``pods/log``), as `helm test --logs` reads
them: the default container, everything logged so far.

The API server asks the node's kubelet for them. KWOK's fake nodes run no containers and no
kubelet, so on the local environment there are never any: that is reported as
``LogsUnavailable`` with the server's reason, and nothing is made up.
"""

from __future__ import annotations

import httpx2
import lightkube

from shipyard import errors


class LogsUnavailable(errors.ShipyardError):
    """The API server could not give the pod's logs (no kubelet answers, pod gone...)."""


class PodLogs:
    def __init__(self, client: lightkube.Client) -> None:
        self.client = client

    def read(self, *, namespace: str, name: str) -> str:
        try:
            return "".join(self.client.log(name, namespace=namespace, newlines=True))
        except lightkube.ApiError as exc:
            reason = (exc.status.message if exc.status is not None else "") or str(exc)
            raise LogsUnavailable(f"logs of pod {namespace}/{name}: {reason[:300]}") from exc
        except httpx2.HTTPError as exc:
            raise LogsUnavailable(f"logs of pod {namespace}/{name}: {exc}") from exc
