"""Kubeconfig documents for the local control plane: one per component, credentials embedded."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import yaml

from shipyard.adapters.local import pki

CONTEXT = "shipyard-local"


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def render(*, server: str, paths: pki.PkiPaths, component: str, context: str = CONTEXT) -> str:
    """A kubeconfig for ``component`` with the CA and its client certificate embedded."""
    document: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": context,
                "cluster": {
                    "server": server,
                    "certificate-authority-data": _b64(paths.ca_cert),
                },
            }
        ],
        "users": [
            {
                "name": f"{context}-{component}",
                "user": {
                    "client-certificate-data": _b64(paths.client_cert(component)),
                    "client-key-data": _b64(paths.client_key(component)),
                },
            }
        ],
        "contexts": [
            {
                "name": context,
                "context": {"cluster": context, "user": f"{context}-{component}"},
            }
        ],
        "current-context": context,
        "preferences": {},
    }
    return yaml.safe_dump(document, sort_keys=False)


def write(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
