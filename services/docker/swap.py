"""Building the create request that recreates a container with a new image.

`docker inspect` output is almost a create request already; this module
turns it into one (pure functions, no engine calls). Three things need care:

* Settings the old *image* supplied (ENV, LABEL, CMD, VOLUME...) are dropped
  so the new image's defaults apply; otherwise a new image's ``ENV VERSION``
  or ``CMD`` would be silently pinned to the old values. What the user set
  on the container stays.
* Anonymous volumes are carried over as explicit volume mounts, so data in
  ``VOLUME`` paths survives the update instead of landing in fresh volumes.
* Only one network can be given at create time on older engines, so the
  others are returned separately, to be connected before the first start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.frozen import frozen

NEW_SUFFIX = "-docksmith-new"
OLD_SUFFIX = "-docksmith-old"
_NO_NETWORK_CONFIG = ("none", "host")
# Fields of inspect's Config that the create endpoint accepts.
_CONFIG_FIELDS = (
    "Hostname", "Domainname", "User", "AttachStdin", "AttachStdout",
    "AttachStderr", "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env",
    "Cmd", "Healthcheck", "ArgsEscaped", "Volumes", "WorkingDir", "Entrypoint",
    "NetworkDisabled", "MacAddress", "OnBuild", "Labels", "StopSignal",
    "StopTimeout", "Shell",
)  # fmt: skip


@frozen
class RecreateOutcome:
    new_id: str
    old_id: str


@dataclass(slots=True)
class CreatePlan:
    """``config`` goes to create; ``extra_networks`` are connected afterwards."""

    config: dict[str, Any]
    extra_networks: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_create_plan(
    old: dict[str, Any], image: str, image_config: dict[str, Any] | None
) -> CreatePlan:
    """The create request for ``old`` (inspect output) running ``image``.

    ``image_config`` is the old image's ``Config`` (None when that image is
    gone; then everything is copied as the container had it).
    """
    source: dict[str, Any] = old.get("Config") or {}
    config = {key: source[key] for key in _CONFIG_FIELDS if key in source}
    config["Image"] = image
    old_id = str(old.get("Id") or "")
    if old_id and config.get("Hostname") == old_id[:12]:
        # The engine's default hostname; the new container gets its own.
        config.pop("Hostname")
    if image_config is not None:
        _drop_image_defaults(config, image_config)
    host_config = dict(old.get("HostConfig") or {})
    _carry_anonymous_volumes(host_config, old.get("Mounts") or [])
    if host_config.get("Links"):
        host_config["Links"] = [_create_link(link) for link in host_config["Links"]]
    config["HostConfig"] = host_config
    plan = CreatePlan(config)
    _plan_networks(plan, old, str(host_config.get("NetworkMode") or ""))
    return plan


def _drop_image_defaults(config: dict[str, Any], image: dict[str, Any]) -> None:
    image_env = set(image.get("Env") or [])
    config["Env"] = [e for e in config.get("Env") or [] if e not in image_env]
    image_labels = image.get("Labels") or {}
    config["Labels"] = {
        k: v
        for k, v in (config.get("Labels") or {}).items()
        if image_labels.get(k) != v
    }
    for key in ("Volumes", "ExposedPorts"):
        inherited = image.get(key) or {}
        kept = {k: v for k, v in (config.get(key) or {}).items() if k not in inherited}
        config[key] = kept or None
    for key in ("WorkingDir", "User", "StopSignal"):
        if config.get(key) == image.get(key):
            config.pop(key, None)
    if config.get("Healthcheck") == image.get("Healthcheck"):
        config.pop("Healthcheck", None)
    # Setting Entrypoint at create time discards the image's CMD, so the
    # command may only follow the new image when the entrypoint does too.
    if config.get("Entrypoint") == image.get("Entrypoint"):
        config.pop("Entrypoint", None)
        if config.get("Cmd") == image.get("Cmd"):
            config.pop("Cmd", None)


def _carry_anonymous_volumes(host_config: dict[str, Any], mounts: list[Any]) -> None:
    explicit = {
        str(b).split(":")[1] for b in host_config.get("Binds") or [] if ":" in b
    }
    explicit |= {str(m.get("Target")) for m in host_config.get("Mounts") or []}
    carried = [
        {
            "Type": "volume",
            "Source": m["Name"],
            "Target": m["Destination"],
            "ReadOnly": not m.get("RW", True),
        }
        for m in mounts
        if m.get("Type") == "volume"
        and m.get("Name")
        and m["Destination"] not in explicit
    ]
    if carried:
        host_config["Mounts"] = [*(host_config.get("Mounts") or []), *carried]


def _create_link(link: str) -> str:
    # Inspect shows "/db:/app/database"; create wants "db:database".
    target, _, alias = link.partition(":")
    return f"{target.lstrip('/')}:{alias.rsplit('/', 1)[-1]}" if alias else link


def _plan_networks(plan: CreatePlan, old: dict[str, Any], mode: str) -> None:
    if mode in _NO_NETWORK_CONFIG or mode.startswith("container:"):
        return
    networks: dict[str, Any] = (old.get("NetworkSettings") or {}).get("Networks") or {}
    short_id = str(old.get("Id") or "")[:12]
    endpoints = {
        name: _endpoint(settings or {}, short_id) for name, settings in networks.items()
    }
    if not endpoints:
        return
    # The network named by NetworkMode must be the one given at create time.
    first = mode if mode in endpoints else next(iter(endpoints))
    plan.config["NetworkingConfig"] = {"EndpointsConfig": {first: endpoints.pop(first)}}
    plan.extra_networks = endpoints


def _endpoint(settings: dict[str, Any], short_id: str) -> dict[str, Any]:
    # The engine adds the container's short id as an alias by itself; copying
    # the old one would make the new container answer to the old id.
    aliases = [a for a in settings.get("Aliases") or [] if a != short_id]
    endpoint: dict[str, Any] = {"Aliases": aliases or None}
    for key in ("IPAMConfig", "Links", "DriverOpts"):
        if settings.get(key):
            endpoint[key] = settings[key]
    return endpoint
