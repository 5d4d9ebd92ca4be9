import type { ChangeType, ContainerStatus, OperationStatus } from "../gql/graphql";

export interface StatusMeta {
  label: string;
  color: string;
  description: string;
}

/** Every status of the API, in the order the summary bar shows them. */
export const STATUS_META: Record<ContainerStatus, StatusMeta> = {
  UPDATE_AVAILABLE: {
    label: "Update available",
    color: "blue",
    description: "A newer version is available.",
  },
  UPDATE_AVAILABLE_BLOCKED: {
    label: "Blocked",
    color: "orange",
    description: "An update exists but the pre-update check blocks it.",
  },
  COMPOSE_MISMATCH: {
    label: "Compose mismatch",
    color: "grape",
    description: "The running image differs from the compose file.",
  },
  ERROR: { label: "Error", color: "red", description: "The check failed." },
  UP_TO_DATE_PINNABLE: {
    label: "Pinnable",
    color: "teal",
    description: "Runs latest; it can be pinned to the version it is.",
  },
  UP_TO_DATE: { label: "Up to date", color: "green", description: "Runs the newest version." },
  LOCAL_IMAGE: {
    label: "Local image",
    color: "gray",
    description: "A locally built image with no registry to ask.",
  },
  IGNORED: {
    label: "Ignored",
    color: "gray",
    description: "Ignored through the docksmith.ignore label.",
  },
};

export const STATUSES = Object.keys(STATUS_META) as ContainerStatus[];

/** The change-type filter's choices: semver steps, plus a tag that moved to a new digest. */
export type ChangeKind = "MAJOR" | "MINOR" | "PATCH" | "DIGEST" | "OTHER";

export const CHANGE_KIND_LABEL: Record<ChangeKind, string> = {
  MAJOR: "Major",
  MINOR: "Minor",
  PATCH: "Patch",
  DIGEST: "Digest",
  OTHER: "Other",
};

export const CHANGE_KIND_COLOR: Record<ChangeKind, string> = {
  MAJOR: "red",
  MINOR: "yellow",
  PATCH: "green",
  DIGEST: "cyan",
  OTHER: "gray",
};

interface ChangeFacts {
  updateAvailable: boolean;
  changeType?: ChangeType | null;
  currentTag?: string | null;
  latestTag?: string | null;
}

/** What kind of change an available update is; null when there is none. */
export function changeKind(c: ChangeFacts): ChangeKind | null {
  if (!c.updateAvailable) return null;
  // The same tag now pointing at another image (latest, stable, 7.2...).
  if (c.latestTag && c.currentTag && c.latestTag === c.currentTag) return "DIGEST";
  switch (c.changeType) {
    case "MAJOR":
    case "MINOR":
    case "PATCH":
      return c.changeType;
    default:
      return "OTHER";
  }
}

export const OPERATION_STATUS_LABEL: Record<OperationStatus, string> = {
  QUEUED: "Queued",
  VALIDATING: "Validating",
  PRE_UPDATE_CHECK: "Pre-update check",
  BACKING_UP: "Backing up",
  UPDATING_COMPOSE: "Updating compose file",
  PULLING_IMAGE: "Pulling image",
  STOPPING: "Stopping",
  STARTING: "Starting",
  RESTARTING: "Restarting",
  REMOVING: "Removing",
  RECREATING: "Recreating",
  HEALTH_CHECK: "Health check",
  RESTARTING_DEPENDENTS: "Restarting dependants",
  ROLLING_BACK: "Rolling back",
  COMPLETE: "Complete",
  FAILED: "Failed",
};

export function operationStatusColor(status: OperationStatus, rolledBack = false): string {
  if (status === "COMPLETE") return "green";
  if (status === "FAILED") return rolledBack ? "orange" : "red";
  if (status === "QUEUED") return "gray";
  if (status === "ROLLING_BACK") return "orange";
  return "blue";
}

export function isFinished(status: OperationStatus): boolean {
  return status === "COMPLETE" || status === "FAILED";
}
