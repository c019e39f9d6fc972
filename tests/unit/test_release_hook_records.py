"""Hook records as helm writes them: weights and policies read from the annotations as helm's
manifest sorter reads them, and a failed wait worded as helm words it (go-multierror)."""

from __future__ import annotations

import pytest

from shipyard.core.charts import hookruns, output
from shipyard.engine.releases import installing


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        (None, 0),
        ("", 0),
        ("5", 5),
        ("-5", -5),
        ("+7", 7),
        ("007", 7),
        (" 5", 0),  # strconv.Atoi takes no spaces
        ("5 ", 0),
        ("1_000", 0),  # nor underscores
        ("0x10", 0),
        ("1.5", 0),
        ("٣", 0),  # nor digits other than ASCII
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), 0),  # out of range: an error, so 0
        (str(-(2**63)), -(2**63)),
    ],
)
def test_weights_parse_as_strconv_atoi(text: str | None, weight: int) -> None:
    assert hookruns.parse_weight(text) == weight


@pytest.mark.parametrize(
    ("text", "policies"),
    [
        (None, []),
        ("hook-succeeded", ["hook-succeeded"]),
        (" Hook-Succeeded , HOOK-FAILED", ["hook-succeeded", "hook-failed"]),
        ("hook-succeeded,", ["hook-succeeded", ""]),  # helm keeps the empty item
        ("", [""]),
    ],
)
def test_policies_parse_as_helms_sorter(text: str | None, policies: list[str]) -> None:
    assert hookruns.parse_policies(text) == policies


@pytest.mark.parametrize(
    ("reasons", "text"),
    [
        (["pod a failed"], "1 error occurred:\n\t* pod a failed\n\n"),
        (["pod a failed", "job b failed: BackoffLimitExceeded"],
         "2 errors occurred:\n\t* pod a failed\n\t* job b failed: BackoffLimitExceeded\n\n"),
    ],
)  # fmt: skip
def test_failed_waits_read_as_go_multierror(reasons: list[str], text: str) -> None:
    assert hookruns.multierror(reasons) == text


def _document(annotations: str) -> output.Document:
    return output.Document(
        path="c/templates/h.yaml", kind="Pod", hook_events=("pre-install", "post-upgrade"),
        content=f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: h\n  annotations:\n{annotations}",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("annotations", "extra"),
    [
        ("    helm.sh/hook: pre-install\n", {}),
        ('    helm.sh/hook-weight: "0"\n', {}),  # weight 0 is left out (omitempty)
        ('    helm.sh/hook-weight: "-3"\n', {"weight": -3}),
        ("    helm.sh/hook-weight: 4\n", {"weight": 4}),
        ('    helm.sh/hook-weight: " 4"\n', {}),
        ("    helm.sh/hook-delete-policy: Hook-Succeeded,before-hook-creation\n",
         {"delete_policies": ["hook-succeeded", "before-hook-creation"]}),
        ("    helm.sh/hook-output-log-policy: hook-failed\n",
         {"output_log_policies": ["hook-failed"]}),
    ],
)  # fmt: skip
def test_hook_records_take_helms_fields(annotations: str, extra: dict[str, object]) -> None:
    document = _document(annotations)
    assert installing.hook_json(document) == {
        "name": "h", "kind": "Pod", "path": "c/templates/h.yaml", "manifest": document.content,
        "events": ["pre-install", "post-upgrade"],
        "last_run": {"started_at": "", "completed_at": "", "phase": ""}, **extra,
    }  # fmt: skip
