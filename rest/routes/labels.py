from __future__ import annotations

from resolvers import labels
from rest.api import APIRouter
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.lifecycle_models import (
    ContainerLabelsOut,
    LabelOperationOut,
    RemoveLabelsRequest,
    SetLabelsRequest,
)
from rest.openapi import CHANGES, DOCKER, LOOKUP, errors

router = APIRouter(tags=["labels"])


@router.get(
    "/labels/{container}",
    summary="A container's labels, and which docksmith.* ones its compose file sets",
    responses=errors(LOOKUP, DOCKER),
)
async def get_labels(
    ctx: AppContextDep, container: str, host: HostQuery = None
) -> Envelope[ContainerLabelsOut]:
    found = await labels.get_labels(ctx, host=host, container=container)
    return Envelope(data=ContainerLabelsOut.read(found))


@router.post(
    "/labels/set",
    summary="Set labels in the compose file and recreate the container",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_set_labels(
    ctx: AppContextDep, body: SetLabelsRequest, host: HostQuery = None
) -> Envelope[LabelOperationOut]:
    record = await labels.set_labels(
        ctx,
        host=host,
        container=body.container,
        labels=body.label_map(),
        typed=body.typed(),
        no_restart=body.no_restart,
        force=body.force,
    )
    return Envelope(data=LabelOperationOut.of(record, "set"))


@router.post(
    "/labels/remove",
    summary="Remove labels from the compose file and recreate the container",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_remove_labels(
    ctx: AppContextDep, body: RemoveLabelsRequest, host: HostQuery = None
) -> Envelope[LabelOperationOut]:
    record = await labels.remove_labels(
        ctx,
        host=host,
        container=body.container,
        labels=body.labels,
        no_restart=body.no_restart,
        force=body.force,
    )
    return Envelope(data=LabelOperationOut.of(record, "remove"))
