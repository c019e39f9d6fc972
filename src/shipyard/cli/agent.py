"""`shipyard agent`: reconcile Applications continuously (pull mode)."""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

import typer
from rich.console import Console

from shipyard import errors
from shipyard.adapters.kube import client as kube_client
from shipyard.adapters.local import layout
from shipyard.agent import controller
from shipyard.engine.sync import installing
from shipyard.web import server

console = Console(stderr=True, highlight=False)


def agent(
    namespace: str = typer.Option("shipyard", "--namespace", "-n", help="Applications' namespace."),
    kubeconfig: Path | None = typer.Option(None, help="Kubeconfig (default: $KUBECONFIG)."),
    listen: str = typer.Option("127.0.0.1:8080", help="Address of webhooks, /metrics, probes."),
    interval: float = typer.Option(180.0, help="Seconds between periodic reconciles."),
    workers: int = typer.Option(4, help="Applications reconciled at once."),
    lease_duration: float = typer.Option(15.0, help="Seconds before a silent leader is replaced."),
    lease_renew: float = typer.Option(5.0, help="Seconds between the leader's renewals."),
) -> None:
    """Reconcile every Application of a namespace: on changes, drift, webhooks and an interval.

    The webhook secret is read from SHIPYARD_WEBHOOK_SECRET (webhooks are refused without one);
    notifications go to SHIPYARD_NOTIFY_URL, signed with SHIPYARD_NOTIFY_SECRET.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    path = kubeconfig or Path(os.environ.get("KUBECONFIG", str(Path.home() / ".kube" / "config")))
    host, _, port = listen.rpartition(":")
    try:
        client = kube_client.connect(path)
        settings = controller.Settings(
            namespace=namespace,
            cache=layout.cache_home() / "git",
            interval=interval,
            workers=workers,
            webhook_secret=os.environ.get("SHIPYARD_WEBHOOK_SECRET", "").encode(),
            notify_url=os.environ.get("SHIPYARD_NOTIFY_URL", ""),
            notify_secret=os.environ.get("SHIPYARD_NOTIFY_SECRET", "").encode(),
            lease_duration=lease_duration,
            lease_renew=lease_renew,
        )
        agent_ = controller.Agent(client=client, settings=settings)
        installing.install_crds(agent_.kube)
        http_server = server.serve(agent_, host=host or "127.0.0.1", port=int(port))
    except (errors.ShipyardError, OSError, ValueError) as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(code=1) from exc
    agent_.start()
    console.print(f"agent reconciling namespace {namespace}; listening on {listen}")
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    http_server.shutdown()
    agent_.stop(release=True)
