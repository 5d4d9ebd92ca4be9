"""Pure parts of the update primitives: pull progress and the create plan."""

from __future__ import annotations

from services.docker.pull import PullTracker, pull_error
from services.docker.swap import build_create_plan
from services.errors import NotFoundError

OLD_ID = "0123456789ab" + "c" * 52


def layer(status: str, layer_id: str, current: int = 0, total: int = 0) -> dict:
    detail = {"current": current, "total": total} if total else {}
    return {"status": status, "id": layer_id, "progressDetail": detail}


def test_progress_weights_download_and_extraction_per_layer():
    tracker = PullTracker()
    tracker.feed({"status": "Pulling from app", "id": "1.0"})
    tracker.feed(layer("Pulling fs layer", "a"))
    tracker.feed(layer("Already exists", "b"))
    assert tracker.snapshot().percent == 50.0  # b done, a not started
    tracker.feed(layer("Downloading", "a", 50, 100))
    assert tracker.snapshot().percent == 70.0  # a: 0.8 * 0.5
    tracker.feed(layer("Download complete", "a"))
    tracker.feed(layer("Extracting", "a", 50, 100))
    snap = tracker.snapshot()
    assert (snap.percent, snap.layers_done, snap.layers_total) == (95.0, 1, 2)
    assert snap.message == "Extracting a"
    tracker.feed(layer("Pull complete", "a"))
    assert tracker.snapshot().percent == 100.0


def test_progress_never_goes_backwards_when_a_layer_appears_late():
    tracker = PullTracker()
    tracker.feed(layer("Pull complete", "a"))
    assert tracker.snapshot().percent == 100.0
    tracker.feed(layer("Pulling fs layer", "b"))
    tracker.feed(layer("Downloading", "a", 1, 100))  # stale event: ignored
    snap = tracker.snapshot()
    assert snap.percent == 100.0
    assert (snap.layers_done, snap.layers_total) == (1, 2)


def test_pull_errors_are_classified():
    missing = pull_error(
        "r/app:9", "r", "manifest for r/app:9 not found: manifest unknown"
    )
    assert isinstance(missing, NotFoundError)
    assert missing.message == "image tag does not exist on the registry: r/app:9"
    denied = pull_error("r/app:1", "r", "no basic auth credentials")
    assert "registry r refused access" in denied.message
    assert not isinstance(denied, NotFoundError)


def old_container(**overrides) -> dict:
    container = {
        "Id": OLD_ID,
        "Image": "sha256:old",
        "Config": {
            "Hostname": OLD_ID[:12],
            "Image": "app:1",
            "Env": ["PATH=/bin", "APP_VERSION=1", "USER_SETTING=x"],
            "Cmd": ["serve"],
            "Entrypoint": None,
            "Labels": {"app.tag": "1", "team": "ops"},
            "Volumes": {"/data": {}, "/extra": {}},
            "ExposedPorts": {"80/tcp": {}},
            "WorkingDir": "/srv",
            "Healthcheck": {"Test": ["CMD", "true"]},
        },
        "HostConfig": {
            "NetworkMode": "appnet",
            "Binds": ["named:/named:rw"],
            "RestartPolicy": {"Name": "always", "MaximumRetryCount": 0},
            "Links": ["/db:/old/database"],
        },
        "Mounts": [
            {"Type": "volume", "Name": "named", "Destination": "/named", "RW": True},
            {"Type": "volume", "Name": "anon1", "Destination": "/data", "RW": True},
            {"Type": "bind", "Source": "/h", "Destination": "/h", "RW": False},
        ],
        "NetworkSettings": {
            "Networks": {
                "appnet": {
                    "Aliases": [OLD_ID[:12], "web"],
                    "IPAMConfig": {"IPv4Address": "10.0.0.5"},
                },
                "backend": {"Aliases": None},
            }
        },
    }
    container.update(overrides)
    return container


IMAGE_CONFIG = {
    "Env": ["PATH=/bin", "APP_VERSION=1"],
    "Cmd": ["serve"],
    "Entrypoint": None,
    "Labels": {"app.tag": "1"},
    "Volumes": {"/data": {}},
    "WorkingDir": "/srv",
    "Healthcheck": {"Test": ["CMD", "true"]},
}


def test_plan_keeps_what_the_user_set_and_drops_image_defaults():
    config = build_create_plan(old_container(), "app:2", IMAGE_CONFIG).config
    assert config["Image"] == "app:2"
    assert "Hostname" not in config
    assert config["Env"] == ["USER_SETTING=x"]
    assert config["Labels"] == {"team": "ops"}
    assert config["Volumes"] == {"/extra": {}}
    assert config["ExposedPorts"] == {"80/tcp": {}}
    for inherited in ("Cmd", "Entrypoint", "WorkingDir", "Healthcheck"):
        assert inherited not in config
    host = config["HostConfig"]
    assert host["RestartPolicy"]["Name"] == "always"
    assert host["Binds"] == ["named:/named:rw"]
    assert host["Mounts"] == [
        {"Type": "volume", "Source": "anon1", "Target": "/data", "ReadOnly": False}
    ]
    assert host["Links"] == ["db:database"]


def test_plan_keeps_a_user_command_with_a_user_entrypoint():
    old = old_container()
    old["Config"]["Entrypoint"] = ["/custom"]
    config = build_create_plan(old, "app:2", IMAGE_CONFIG).config
    assert (config["Entrypoint"], config["Cmd"]) == (["/custom"], ["serve"])


def test_plan_copies_everything_when_the_old_image_is_gone():
    config = build_create_plan(old_container(), "app:2", None).config
    assert config["Env"] == ["PATH=/bin", "APP_VERSION=1", "USER_SETTING=x"]
    assert config["Cmd"] == ["serve"]


def test_plan_networks_one_at_create_the_rest_connected_after():
    plan = build_create_plan(old_container(), "app:2", IMAGE_CONFIG)
    endpoints = plan.config["NetworkingConfig"]["EndpointsConfig"]
    assert endpoints == {
        "appnet": {"Aliases": ["web"], "IPAMConfig": {"IPv4Address": "10.0.0.5"}}
    }
    assert plan.extra_networks == {"backend": {"Aliases": None}}


def test_plan_has_no_network_config_for_none_host_or_container_modes():
    for mode in ("none", "host", "container:abc"):
        old = old_container()
        old["HostConfig"]["NetworkMode"] = mode
        plan = build_create_plan(old, "app:2", IMAGE_CONFIG)
        assert "NetworkingConfig" not in plan.config
        assert plan.extra_networks == {}
