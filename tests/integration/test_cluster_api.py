"""The API server is a real one: CRDs are served, RBAC is enforced, tokens are signed."""

from __future__ import annotations

import ssl
import time

import httpx
from lightkube.generic_resource import create_namespaced_resource
from lightkube.models import apiextensions_v1 as crd_models
from lightkube.models import authentication_v1 as authn_models
from lightkube.models import meta_v1
from lightkube.models import rbac_v1 as rbac_models
from lightkube.resources import apiextensions_v1, core_v1, rbac_authorization_v1

from tests.integration.conftest import Cluster


def test_crd_is_established_and_custom_resources_round_trip(
    cluster: Cluster, namespace: str
) -> None:
    group, plural = "examples.shipyard.dev", f"widgets{namespace.replace('-', '')}"
    crd = apiextensions_v1.CustomResourceDefinition(
        metadata=meta_v1.ObjectMeta(name=f"{plural}.{group}"),
        spec=crd_models.CustomResourceDefinitionSpec(
            group=group,
            scope="Namespaced",
            names=crd_models.CustomResourceDefinitionNames(
                plural=plural, singular=plural[:-1], kind="Widget", listKind="WidgetList"
            ),
            versions=[
                crd_models.CustomResourceDefinitionVersion(
                    name="v1",
                    served=True,
                    storage=True,
                    schema=crd_models.CustomResourceValidation(
                        openAPIV3Schema=crd_models.JSONSchemaProps(
                            type="object",
                            properties={
                                "spec": crd_models.JSONSchemaProps(
                                    type="object",
                                    properties={
                                        "size": crd_models.JSONSchemaProps(type="integer"),
                                        "colour": crd_models.JSONSchemaProps(type="string"),
                                    },
                                )
                            },
                        )
                    ),
                )
            ],
        ),
    )
    cluster.client.create(crd)
    try:
        deadline = time.monotonic() + 30
        while True:
            status = cluster.client.get(
                apiextensions_v1.CustomResourceDefinition, f"{plural}.{group}"
            ).status
            conditions = {c.type: c.status for c in (status.conditions or [])} if status else {}
            if conditions.get("Established") == "True":
                break
            assert time.monotonic() < deadline, f"CRD not established: {status}"
            time.sleep(0.2)
        widget_kind = create_namespaced_resource(group, "v1", "Widget", plural)
        cluster.client.create(
            widget_kind(metadata=meta_v1.ObjectMeta(name="w1"), spec={"size": 3, "colour": "teal"}),
            namespace=namespace,
        )
        stored = cluster.client.get(widget_kind, "w1", namespace=namespace)
        assert stored["spec"] == {"size": 3, "colour": "teal"}
        assert stored.metadata is not None and stored.metadata.uid
        # Structural schema pruning is real: unknown fields are dropped by the server.
        cluster.client.create(
            widget_kind(metadata=meta_v1.ObjectMeta(name="w2"), spec={"size": 1, "extra": "x"}),
            namespace=namespace,
        )
        assert cluster.client.get(widget_kind, "w2", namespace=namespace)["spec"] == {"size": 1}
    finally:
        cluster.client.delete(apiextensions_v1.CustomResourceDefinition, f"{plural}.{group}")


def test_rbac_denies_a_restricted_service_account(cluster: Cluster, namespace: str) -> None:
    cluster.client.create(
        core_v1.ServiceAccount(metadata=meta_v1.ObjectMeta(name="reader")), namespace=namespace
    )
    cluster.client.create(
        rbac_authorization_v1.Role(
            metadata=meta_v1.ObjectMeta(name="configmap-reader"),
            rules=[
                rbac_models.PolicyRule(
                    apiGroups=[""], resources=["configmaps"], verbs=["get", "list"]
                )
            ],
        ),
        namespace=namespace,
    )
    cluster.client.create(
        rbac_authorization_v1.RoleBinding(
            metadata=meta_v1.ObjectMeta(name="reader"),
            roleRef=rbac_models.RoleRef(
                apiGroup="rbac.authorization.k8s.io", kind="Role", name="configmap-reader"
            ),
            subjects=[
                rbac_models.Subject(kind="ServiceAccount", name="reader", namespace=namespace)
            ],
        ),
        namespace=namespace,
    )
    token_request = cluster.client.create(
        core_v1.ServiceAccount.Token(
            metadata=meta_v1.ObjectMeta(), spec=authn_models.TokenRequestSpec(audiences=[])
        ),
        "reader",
        namespace=namespace,
    )
    assert token_request.status is not None
    token = token_request.status.token
    context = ssl.create_default_context(cafile=str(cluster.ca_file))
    headers = {"Authorization": f"Bearer {token}"}
    base = f"{cluster.apiserver}/api/v1/namespaces/{namespace}"
    with httpx.Client(verify=context, headers=headers, trust_env=False) as client:
        # Role bindings take effect through the authorizer's cache: allow a short delay.
        deadline = time.monotonic() + 10
        while (allowed := client.get(f"{base}/configmaps")).status_code != 200:
            assert time.monotonic() < deadline, allowed.text
            time.sleep(0.2)
        denied_secrets = client.get(f"{base}/secrets")
        denied_write = client.post(
            f"{base}/configmaps",
            json={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}},
        )
        denied_other_ns = client.get(f"{cluster.apiserver}/api/v1/namespaces/default/configmaps")
        whoami = client.post(
            f"{cluster.apiserver}/apis/authentication.k8s.io/v1/selfsubjectreviews",
            json={"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"},
        )
    for response in (denied_secrets, denied_write, denied_other_ns):
        assert response.status_code == 403, response.text
        assert response.json()["reason"] == "Forbidden"
    assert f"system:serviceaccount:{namespace}:reader" in denied_secrets.json()["message"]
    assert whoami.json()["status"]["userInfo"]["username"] == (
        f"system:serviceaccount:{namespace}:reader"
    )


def test_anonymous_requests_are_not_authorized(cluster: Cluster) -> None:
    context = ssl.create_default_context(cafile=str(cluster.ca_file))
    with httpx.Client(verify=context, trust_env=False) as client:
        response = client.get(f"{cluster.apiserver}/api/v1/secrets")
    assert response.status_code in (401, 403)
