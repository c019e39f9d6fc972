"""Probing a component's readiness endpoint over HTTP(S)."""

from __future__ import annotations

import ssl

import httpx

from shipyard.adapters.local import components, pki


def ssl_context(*, certs: pki.PkiPaths, probe: components.Probe) -> ssl.SSLContext:
    if probe.verify_ca:
        context = ssl.create_default_context(cafile=str(certs.ca_cert))
    else:
        # kube-controller-manager and kube-scheduler serve a self-signed certificate.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if probe.client_component:
        context.load_cert_chain(
            str(certs.client_cert(probe.client_component)),
            str(certs.client_key(probe.client_component)),
        )
    return context


def check(*, certs: pki.PkiPaths, probe: components.Probe, timeout: float = 2.0) -> str | None:
    """None when the probe answers 200, otherwise a short reason."""
    verify: ssl.SSLContext | bool = False
    if probe.url.startswith("https://"):
        verify = ssl_context(certs=certs, probe=probe)
    try:
        with httpx.Client(verify=verify, timeout=timeout, trust_env=False) as client:
            response = client.get(probe.url)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    if response.status_code == 200:
        return None
    return f"HTTP {response.status_code}: {response.text.strip()[:200]}"
