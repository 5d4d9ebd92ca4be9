import { Badge, Tooltip } from "@mantine/core";
import type { ContainerHealth, ContainerStatus, OperationStatus } from "../gql/graphql";
import {
  CHANGE_KIND_COLOR,
  CHANGE_KIND_LABEL,
  type ChangeKind,
  OPERATION_STATUS_LABEL,
  operationStatusColor,
  STATUS_META,
} from "../lib/status";

export function StatusBadge({ status }: { status: ContainerStatus }) {
  const meta = STATUS_META[status];
  return (
    <Tooltip label={meta.description} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Badge color={meta.color} variant="light" data-status={status} tabIndex={0}>
        {meta.label}
      </Badge>
    </Tooltip>
  );
}

export function ChangeBadge({ kind }: { kind: ChangeKind | null }) {
  if (!kind) return null;
  return (
    <Badge color={CHANGE_KIND_COLOR[kind]} variant="outline" data-change={kind}>
      {CHANGE_KIND_LABEL[kind]}
    </Badge>
  );
}

const HEALTH_COLOR: Record<ContainerHealth, string> = {
  HEALTHY: "green",
  STARTING: "yellow",
  UNHEALTHY: "red",
};

const HEALTH_LABEL: Record<ContainerHealth, string> = {
  HEALTHY: "Healthy",
  STARTING: "Starting",
  UNHEALTHY: "Unhealthy",
};

export function HealthBadge({ health }: { health: ContainerHealth | null | undefined }) {
  if (!health) return null;
  return (
    <Badge color={HEALTH_COLOR[health]} variant="dot" data-health={health}>
      {HEALTH_LABEL[health]}
    </Badge>
  );
}

export function OperationStatusBadge({
  status,
  rolledBack = false,
}: {
  status: OperationStatus;
  rolledBack?: boolean;
}) {
  const label =
    status === "FAILED" && rolledBack ? "Failed, rolled back" : OPERATION_STATUS_LABEL[status];
  return (
    <Badge color={operationStatusColor(status, rolledBack)} variant="light" data-op-status={status}>
      {label}
    </Badge>
  );
}
