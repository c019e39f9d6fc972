"""Pure parts of image builds: reproducible layers, config semantics, the tag policy."""

from __future__ import annotations

import gzip
import io
import json
import tarfile

import pytest

from shipyard import errors
from shipyard.core.images import config, layers, tags


def test_layers_are_byte_reproducible_and_normalised() -> None:
    entries = [
        layers.Entry(path="/app/b.txt", data=b"b"),
        layers.Entry(path="app/run.sh", data=b"#!/bin/sh\n", executable=True),
        layers.Entry(path="app/link", link="b.txt"),
    ]
    one = layers.layer(entries, mtime=42)
    two = layers.layer(list(reversed(entries)), mtime=42)
    assert one.blob == two.blob and one.digest == two.digest
    assert layers.layer(entries, mtime=43).digest != one.digest
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(one.blob))) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert list(members) == ["app", "app/b.txt", "app/link", "app/run.sh"]  # parents added, sorted
    assert members["app/run.sh"].mode == 0o755 and members["app/b.txt"].mode == 0o644
    assert {(m.uid, m.gid, m.uname, m.mtime) for m in members.values()} == {(0, 0, "", 42)}
    assert members["app/link"].issym() and members["app/link"].linkname == "b.txt"


@pytest.mark.parametrize("path", ["../etc/passwd", "app/../../x", "", ".", "//host/x"])
def test_paths_outside_the_root_are_refused(path: str) -> None:
    with pytest.raises(errors.UserError, match="outside the image root"):
        layers.layer([layers.Entry(path=path, data=b"x")], mtime=0, where="ctx")


def test_config_follows_dockerfile_semantics() -> None:
    base = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": ["PATH=/bin", "LANG=C"], "Cmd": ["sh"], "Labels": {"a": "1"}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]},
        "history": [{"created_by": "base"}],
    }
    added = [layers.layer([layers.Entry(path="app/x", data=b"x")], mtime=0)]
    settings = config.Settings(entrypoint=("/app/x",), env=(("LANG", "C.UTF-8"),),
                               labels=(("b", "2"),), exposed_ports=("8080", "53/udp"))  # fmt: skip
    value = json.loads(config.image_config(base=base, settings=settings, added=added, epoch=0,
                                           comment="c"))  # fmt: skip
    assert value["config"]["Env"] == ["PATH=/bin", "LANG=C.UTF-8"]
    assert value["config"]["Entrypoint"] == ["/app/x"] and "Cmd" not in value["config"]
    assert value["config"]["Labels"] == {"a": "1", "b": "2"}
    assert value["config"]["ExposedPorts"] == {"8080/tcp": {}, "53/udp": {}}
    assert value["rootfs"]["diff_ids"][-1] == added[0].diff_id and len(value["history"]) == 2
    assert value["created"] == "1970-01-01T00:00:00Z"
    with pytest.raises(errors.UserError, match="exposed port"):
        config.image_config(base=base, settings=config.Settings(exposed_ports=("http",)),
                            added=[], epoch=0, comment="")  # fmt: skip


def test_tag_policy() -> None:
    assert tags.image_tags(version="1.2.3-beta.4+5", short_sha="abc1234") == (
        "1.2.3-beta.4_5", "sha-abc1234")  # fmt: skip
    for bad in ("latest", "LATEST"):
        with pytest.raises(errors.UserError, match="'latest' is refused"):
            tags.check(bad)
    with pytest.raises(errors.UserError, match="short sha"):
        tags.image_tags(version="1.0.0", short_sha="main; rm -rf /")
    routing = tags.Routing(prod="reg/prod", dev="reg/dev")
    for branch in ("main", "master", "release/1.2", "hotfix/x"):
        assert tags.destination(routing=routing, branch=branch, is_tag=False) == "reg/prod"
    for branch in ("develop", "feature/main-menu", "pull/3/merge"):
        assert tags.destination(routing=routing, branch=branch, is_tag=False) == "reg/dev"
    assert tags.destination(routing=routing, branch="", is_tag=True) == "reg/prod"
    assert (
        tags.move_refused(reference="r:1", existing="sha256:a", new="sha256:a", force=False) is None
    )
    assert (
        tags.move_refused(reference="r:1", existing="sha256:a", new="sha256:b", force=True) is None
    )
    assert "refusing to move" in str(
        tags.move_refused(reference="r:1", existing="sha256:a", new="sha256:b", force=False))  # fmt: skip
