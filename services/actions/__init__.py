"""Actions on one container or on what containers depend on (stop, start,
restart, remove; prune; image, network and volume removal), each under the
update engine's claims so none of them lands in the middle of an operation.
"""

from services.actions.service import (
    ContainerAction,
    ContainerActions,
    ContainerActionStatus,
)

__all__ = ["ContainerAction", "ContainerActionStatus", "ContainerActions"]
