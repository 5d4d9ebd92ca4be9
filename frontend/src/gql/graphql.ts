/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A pre-update script for a container. */
export type AssignScriptInput = {
  /** Container name. */
  container: string;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Path inside SCRIPTS_DIR. */
  script: string;
};

/** The docksmith.auto-rollback label: TRUE or FALSE, or POLICIES to remove it so the container, stack or global rollback policy decides. */
export type AutoRollbackLabel =
  | 'FALSE'
  | 'POLICIES'
  | 'TRUE';

/** The docksmith.auto-update label: a level, or POLICIES to remove it so the container, stack or global auto-update policy decides. */
export type AutoUpdateLabel =
  | 'DIGEST'
  | 'MAJOR'
  | 'MINOR'
  | 'OFF'
  | 'PATCH'
  | 'POLICIES';

/** How far an unattended update may go (each level includes the ones before it): OFF, DIGEST, PATCH, MINOR, MAJOR. */
export type AutoUpdateLevel =
  | 'DIGEST'
  | 'MAJOR'
  | 'MINOR'
  | 'OFF'
  | 'PATCH';

/** Where an effective auto-update setting came from. */
export type AutoUpdateSource =
  | 'CONTAINER'
  | 'DEFAULT'
  | 'GLOBAL'
  | 'LABEL'
  | 'STACK';

/** A container to update, optionally to a given version. */
export type BatchUpdateItem = {
  /** Name or id. */
  container: string;
  /** The container's Docker host (default `local`). */
  host?: string | null | undefined;
  /** Tag (default: latest allowed). */
  version?: string | null | undefined;
};

/** How far a newer version is from the running one. */
export type ChangeType =
  | 'BUILD'
  | 'MAJOR'
  | 'MINOR'
  | 'NONE'
  | 'PATCH'
  | 'PRERELEASE'
  | 'UNKNOWN';

/** Where a check run is. */
export type CheckPhase =
  | 'CHECKING'
  | 'COMPLETE'
  | 'DISCOVERING'
  | 'FAILED';

/** Where a container action is: done (STOPPED...) or, when it outlasts the request, under way (STOPPING...; follow its operation). */
export type ContainerActionStatus =
  | 'REMOVED'
  | 'REMOVING'
  | 'RESTARTED'
  | 'RESTARTING'
  | 'STARTED'
  | 'STARTING'
  | 'STOPPED'
  | 'STOPPING';

/** Which containers to list. */
export type ContainerFilterInput = {
  /** Only this Docker host's containers. */
  host?: string | null | undefined;
  /** Name or image contains. */
  search?: string | null | undefined;
  /** Only this stack. */
  stack?: string | null | undefined;
  /** Only this status. */
  status?: ContainerStatus | null | undefined;
  /** Has an update. */
  updateAvailable?: boolean | null | undefined;
};

/** What a container's healthcheck says. */
export type ContainerHealth =
  | 'HEALTHY'
  | 'STARTING'
  | 'UNHEALTHY';

/** A container's update status. */
export type ContainerStatus =
  | 'COMPOSE_MISMATCH'
  | 'ERROR'
  | 'IGNORED'
  | 'LOCAL_IMAGE'
  | 'UPDATE_AVAILABLE'
  | 'UPDATE_AVAILABLE_BLOCKED'
  | 'UP_TO_DATE'
  | 'UP_TO_DATE_PINNABLE';

/** A new API token. */
export type CreateApiTokenInput = {
  /** Days until it stops working (1-3650); null: never. */
  expiresInDays?: number | null | undefined;
  /** Unique name, e.g. homepage. */
  name: string;
  /** read, operate or admin. */
  scope: Scope;
};

/** The local user to remove. */
export type DeleteUserInput = {
  /** The user's name. */
  name: string;
};

/** Machine-readable error codes (the same as REST's `error.code`). */
export type DocksmithErrorCode =
  | 'BAD_REQUEST'
  | 'CONFLICT'
  | 'DOCKER_ERROR'
  | 'DOCKER_UNAVAILABLE'
  | 'FORBIDDEN'
  | 'INTERNAL'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'REGISTRY_ERROR'
  | 'STORAGE_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'UPSTREAM_ERROR';

/** A container whose compose file names another image. */
export type FixComposeMismatchInput = {
  /** Name or id prefix. */
  container: string;
  /** The container's Docker host (default `local`). */
  host?: string | null | undefined;
};

/** OK, or DEGRADED when the Docker engine or the database is down. */
export type HealthStatus =
  | 'DEGRADED'
  | 'OK';

/** Where a host was defined. */
export type HostSource =
  | 'API'
  | 'DEFAULT'
  | 'ENVIRONMENT';

/** What the last call to a host found. */
export type HostStatus =
  | 'DOWN'
  | 'UNKNOWN'
  | 'UP';

/** One label to set. */
export type LabelInput = {
  /** The label's name. */
  key: string;
  /** Its value. */
  value: string;
};

/** Which operations to list. */
export type OperationFilter = {
  /** Batch group. */
  batchGroupId?: string | null | undefined;
  /** Container name. */
  container?: string | null | undefined;
  /** One Docker host's operations only. */
  host?: string | null | undefined;
  /** Started before (no zone: UTC). */
  startedBefore?: string | null | undefined;
  /** Started at or after (no zone: UTC). */
  startedSince?: string | null | undefined;
  /** Exact status. */
  status?: OperationStatus | null | undefined;
  /** Operation type. */
  type?: OperationType | null | undefined;
};

/** How serious a log line is. */
export type OperationLogLevel =
  | 'ERROR'
  | 'INFO'
  | 'WARNING';

/** Where an operation is: QUEUED, one of its live stages, then COMPLETE or FAILED. */
export type OperationStatus =
  | 'BACKING_UP'
  | 'COMPLETE'
  | 'FAILED'
  | 'HEALTH_CHECK'
  | 'PRE_UPDATE_CHECK'
  | 'PULLING_IMAGE'
  | 'QUEUED'
  | 'RECREATING'
  | 'REMOVING'
  | 'RESTARTING'
  | 'RESTARTING_DEPENDENTS'
  | 'ROLLING_BACK'
  | 'STARTING'
  | 'STOPPING'
  | 'UPDATING_COMPOSE'
  | 'VALIDATING';

/** What an operation does. */
export type OperationType =
  | 'AUTO_UPDATE'
  | 'BATCH'
  | 'FIX_MISMATCH'
  | 'LABEL_CHANGE'
  | 'REMOVE'
  | 'RESTART'
  | 'ROLLBACK'
  | 'START'
  | 'STOP'
  | 'UPDATE';

/** What a rollback policy applies to. */
export type PolicyEntityType =
  | 'CONTAINER'
  | 'GLOBAL'
  | 'STACK';

/** Which images a prune removes. */
export type PruneImagesInput = {
  /** Every unused image, not only dangling ones. */
  all?: boolean;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Also prune what compose stacks still reference. */
  includeStacks?: boolean;
};

/** What a prune may touch. */
export type PruneInput = {
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Also prune what compose stacks still reference. */
  includeStacks?: boolean;
};

/** What a prune removes. */
export type PruneKind =
  | 'CONTAINERS'
  | 'IMAGES'
  | 'NETWORKS'
  | 'VOLUMES';

/** A container to check now. */
export type RecheckContainerInput = {
  /** Name or id prefix. */
  container: string;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
};

/** An auto-update policy to remove. */
export type RemoveAutoUpdatePolicyInput = {
  /** Stack or container name (empty for GLOBAL). */
  entityId?: string;
  /** What the policy applies to. */
  entityType: PolicyEntityType;
  /** The Docker host of the stack or container (default `local`). */
  host?: string | null | undefined;
};

/** A container to remove. */
export type RemoveContainerInput = {
  /** Name or id prefix. */
  container: string;
  /** Remove it even if it runs (or is Docksmith's own). */
  force?: boolean;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Also remove its anonymous volumes. */
  volumes?: boolean;
};

/** An image to remove or untag. */
export type RemoveImageInput = {
  /** Remove it even if a container uses it. */
  force?: boolean;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Id, id prefix or repo:tag. */
  image: string;
};

/** A network to remove. */
export type RemoveNetworkInput = {
  /** Disconnect its containers first. */
  force?: boolean;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Name or id. */
  network: string;
};

/** A stack's or a container's rollback policy to remove. */
export type RemoveRollbackPolicyInput = {
  /** Stack or container name. */
  entityId: string;
  /** What the policy applies to (STACK or CONTAINER). */
  entityType: PolicyEntityType;
  /** The Docker host of the stack or container (default `local`). */
  host?: string | null | undefined;
};

/** A volume to remove. */
export type RemoveVolumeInput = {
  /** Go ahead despite a protection (see the mutation's description). */
  force?: boolean;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Name. */
  volume: string;
};

/** A container to restart. */
export type RestartContainerInput = {
  /** Name or id prefix. */
  container: string;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Seconds before SIGKILL (0 to 600). */
  timeout?: number;
};

/** The API token to revoke. */
export type RevokeApiTokenInput = {
  /** The token's name. */
  name: string;
};

/** Which update to roll back. */
export type RollbackOperationInput = {
  /** Only these of its containers (default: all). */
  containers?: Array<string> | null | undefined;
  /** Roll back even if it no longer stands. */
  force?: boolean;
  /** The update's operation. */
  operationId: string;
};

/** Where a container's effective auto-rollback setting came from. */
export type RollbackPolicySource =
  | 'CONTAINER'
  | 'GLOBAL'
  | 'LABEL'
  | 'STACK';

/** What a credential may do. */
export type Scope =
  | 'ADMIN'
  | 'OPERATE'
  | 'READ';

/** What SCRIPTS_DIR is: a folder that can be listed, missing, not a folder, or not readable by Docksmith. */
export type ScriptsFolderState =
  | 'MISSING'
  | 'NOT_A_FOLDER'
  | 'READY'
  | 'UNREADABLE';

/** An auto-update policy; unset fields keep their value (give at least one), an empty minAge or maintenanceWindow clears it. */
export type SetAutoUpdatePolicyInput = {
  /** Stack or container name (empty for GLOBAL). */
  entityId?: string;
  /** What the policy applies to. */
  entityType: PolicyEntityType;
  /** The Docker host of the stack or container (default `local`). */
  host?: string | null | undefined;
  /** How far unattended updates may go. */
  level?: AutoUpdateLevel | null | undefined;
  /** When updates may happen: `sat,sun 02:00-06:00; mon-fri 01:00-03:00`. */
  maintenanceWindow?: string | null | undefined;
  /** How old a candidate must be: 3d, 12h, 1w, 0. */
  minAge?: string | null | undefined;
};

/** Labels to set in a container's compose file. */
export type SetLabelsInput = {
  /** Name or id prefix. */
  container: string;
  /** Skip the pre-update check. */
  force?: boolean;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Any labels, by key. */
  labels?: Array<LabelInput> | null | undefined;
  /** Write the file but do not recreate. */
  noRestart?: boolean;
  /** The docksmith.* labels by meaning. */
  typed?: TypedLabelsInput | null | undefined;
};

/** An auto-rollback policy; unset fields keep their value (give at least one). */
export type SetRollbackPolicyInput = {
  /** Roll back a failed update by itself. */
  autoRollback?: boolean | null | undefined;
  /** Stack or container name (empty for GLOBAL). */
  entityId?: string;
  /** What the policy applies to. */
  entityType: PolicyEntityType;
  /** How long to wait for healthy (1-3600). */
  healthTimeoutSeconds?: number | null | undefined;
  /** The Docker host of the stack or container (default `local`). */
  host?: string | null | undefined;
  /** Without a healthcheck: how long it must keep running (0-600). */
  stabilityWindowSeconds?: number | null | undefined;
};

/** A local user's name and new password. */
export type SetUserPasswordInput = {
  /** The user (made if new). */
  name: string;
  /** 8 to 1024 characters. */
  password: string;
};

/** A container to start. */
export type StartContainerInput = {
  /** Name or id prefix. */
  container: string;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
};

/** A container to stop. */
export type StopContainerInput = {
  /** Name or id prefix. */
  container: string;
  /** Also stop Docksmith's own container. */
  force?: boolean;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Seconds before SIGKILL (0 to 600). */
  timeout?: number;
};

/** The original's typed label fields; false or an empty string deletes. */
export type TypedLabelsInput = {
  /** docksmith.allow-latest: follow `latest`. */
  allowLatest?: boolean | null | undefined;
  /** docksmith.allow-prerelease: offer prereleases. */
  allowPrerelease?: boolean | null | undefined;
  /** docksmith.auto-rollback: whether a failed update rolls back; POLICIES removes the label so the rollback policies decide. */
  autoRollback?: AutoRollbackLabel | null | undefined;
  /** docksmith.auto-update: how far unattended updates may go; POLICIES removes the label so the auto-update policies decide. */
  autoUpdate?: AutoUpdateLabel | null | undefined;
  /** docksmith.ignore: never check or update it. */
  ignore?: boolean | null | undefined;
  /** docksmith.maintenance-window: when unattended updates may happen (`sat,sun 02:00-06:00; fri 22:00-02:00`); empty follows the policies. */
  maintenanceWindow?: string | null | undefined;
  /** docksmith.min-age: how old a candidate image must be (3d, 12h, 1w, 1d12h, 0); empty follows the policies. */
  minAge?: string | null | undefined;
  /** docksmith.post-update: restart:<containers>, compose-restart:<services>, script:<path> or exec:<command>. */
  postUpdate?: string | null | undefined;
  /** docksmith.restart-after: containers to restart after this one. */
  restartAfter?: string | null | undefined;
  /** docksmith.pre-update-check: script path. */
  script?: string | null | undefined;
  /** docksmith.tag-regex: tags must match it. */
  tagRegex?: string | null | undefined;
  /** docksmith.version-max: highest version. */
  versionMax?: string | null | undefined;
  /** docksmith.version-min: lowest version. */
  versionMin?: string | null | undefined;
  /** docksmith.version-pin-major: stay on this major version. */
  versionPinMajor?: boolean | null | undefined;
  /** docksmith.version-pin-minor: stay on this minor version. */
  versionPinMinor?: boolean | null | undefined;
  /** docksmith.version-pin-patch: stay on this patch version. */
  versionPinPatch?: boolean | null | undefined;
};

/** A container whose script assignment to remove. */
export type UnassignScriptInput = {
  /** Container name. */
  container: string;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
};

/** Which container to update, and to what. */
export type UpdateContainerInput = {
  /** Name or id prefix. */
  container: string;
  /** Skip the pre-update check and version labels. */
  force?: boolean;
  /** The container's Docker host (default `local`). */
  host?: string | null | undefined;
  /** Pre-update script for this update only. */
  script?: string | null | undefined;
  /** Tag to move to (default: the latest allowed). */
  version?: string | null | undefined;
};

/** Several containers to update in dependency order. */
export type UpdateContainersInput = {
  /** The containers and (optionally) their versions. */
  containers: Array<BatchUpdateItem>;
  /** Skip pre-update checks and version labels. */
  force?: boolean;
};

/** Labels to check as setLabels would, changing nothing. */
export type ValidateLabelsInput = {
  /** Name or id prefix. */
  container: string;
  /** The Docker host it acts on (hosts; default `local`). */
  host?: string | null | undefined;
  /** Any labels, by key. */
  labels?: Array<LabelInput> | null | undefined;
  /** The docksmith.* labels by meaning. */
  typed?: TypedLabelsInput | null | undefined;
};

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { status: HealthStatus, version: string | null, services: { docker: boolean, storage: boolean } | null } };

export type DockerDownQueryVariables = Exact<{ [key: string]: never; }>;


export type DockerDownQuery = { hosts: Array<{ name: string, error: string | null }> };

export type ApiTokensQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiTokensQuery = { apiTokens: Array<{ name: string, scope: Scope, createdBy: string | null, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> };

export type CreateApiTokenMutationVariables = Exact<{
  input: CreateApiTokenInput;
}>;


export type CreateApiTokenMutation = { createApiToken:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'CreatedApiToken', token: string, apiToken: { name: string, scope: Scope } }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RevokeApiTokenMutationVariables = Exact<{
  input: RevokeApiTokenInput;
}>;


export type RevokeApiTokenMutation = { revokeApiToken:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'RevokedApiToken', name: string }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type LocalUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type LocalUsersQuery = { users: Array<{ name: string, fromSetting: boolean }> };

export type SetUserPasswordMutationVariables = Exact<{
  input: SetUserPasswordInput;
}>;


export type SetUserPasswordMutation = { setUserPassword:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UserPasswordSet', name: string, created: boolean }
   };

export type DeleteUserMutationVariables = Exact<{
  input: DeleteUserInput;
}>;


export type DeleteUserMutation = { deleteUser:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'DeletedUser', name: string, revokedTokens: Array<string> }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type ContainerLogsQueryVariables = Exact<{
  name: string;
  host?: string | null | undefined;
  tail?: number | null | undefined;
}>;


export type ContainerLogsQuery = { containerLogs: { container: string, lines: Array<{ timestamp: string | null, text: string }> } | null };

export type ContainerLogsFollowSubscriptionVariables = Exact<{
  name: string;
  host?: string | null | undefined;
  tail: number;
}>;


export type ContainerLogsFollowSubscription = { containerLogs: { timestamp: string | null, text: string } };

export type ContainerStatsFollowSubscriptionVariables = Exact<{
  name: string;
  host?: string | null | undefined;
}>;


export type ContainerStatsFollowSubscription = { containerStats: { readAt: string | null, cpuPercent: number, memoryUsage: number, memoryLimit: number, memoryPercent: number, networkRx: number, networkTx: number, pids: number } };

export type PolicyScopeQueryVariables = Exact<{
  entityType: PolicyEntityType;
  entityId: string;
  host?: string | null | undefined;
}>;


export type PolicyScopeQuery = { policyScope: { entityType: PolicyEntityType, entityId: string, host: string, stack: string | null, problems: Array<string>, docksmithItself: boolean, autoUpdatePolicy: { level: AutoUpdateLevel | null, minAge: string | null, maintenanceWindow: string | null, updatedAt: string | null } | null, rollbackPolicy: { autoRollbackEnabled: boolean, healthTimeoutSeconds: number, stabilityWindowSeconds: number, updatedAt: string | null } | null, autoUpdate: { level: AutoUpdateLevel, levelSource: AutoUpdateSource, minAge: string, minAgeSource: AutoUpdateSource, maintenanceWindow: string | null, maintenanceWindowSource: AutoUpdateSource } | null, rollback: { autoRollback: boolean, source: RollbackPolicySource, healthTimeoutSeconds: number, stabilityWindowSeconds: number } | null, containers: Array<{ container: string, problems: Array<string>, docksmithItself: boolean, autoUpdate: { level: AutoUpdateLevel, levelSource: AutoUpdateSource } | null, rollback: { autoRollback: boolean, source: RollbackPolicySource } | null }> } };

export type SaveAutoUpdatePolicyMutationVariables = Exact<{
  input: SetAutoUpdatePolicyInput;
}>;


export type SaveAutoUpdatePolicyMutation = { setAutoUpdatePolicy:
    | { __typename: 'AutoUpdatePolicy', entityType: PolicyEntityType, entityId: string, host: string, level: AutoUpdateLevel | null, minAge: string | null, maintenanceWindow: string | null, updatedAt: string | null }
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RemoveAutoUpdatePolicyMutationVariables = Exact<{
  input: RemoveAutoUpdatePolicyInput;
}>;


export type RemoveAutoUpdatePolicyMutation = { removeAutoUpdatePolicy:
    | { __typename: 'AutoUpdatePolicyRemoved' }
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RemoveRollbackPolicyMutationVariables = Exact<{
  input: RemoveRollbackPolicyInput;
}>;


export type RemoveRollbackPolicyMutation = { removeRollbackPolicy:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'RollbackPolicyRemoved' }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type SaveRollbackPolicyMutationVariables = Exact<{
  input: SetRollbackPolicyInput;
}>;


export type SaveRollbackPolicyMutation = { setRollbackPolicy:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'RollbackPolicy', entityType: PolicyEntityType, entityId: string, autoRollbackEnabled: boolean, healthTimeoutSeconds: number, stabilityWindowSeconds: number, updatedAt: string | null }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type TriggerCheckMutationVariables = Exact<{ [key: string]: never; }>;


export type TriggerCheckMutation = { triggerCheck: { message: string } };

export type CheckProgressSubSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CheckProgressSubSubscription = { checkProgress: { phase: CheckPhase, total: number, checked: number, percent: number, message: string, containerName: string | null, at: string } };

export type AutoRollbackQueryVariables = Exact<{
  name: string;
  host?: string | null | undefined;
}>;


export type AutoRollbackQuery = { policyScope: { problems: Array<string>, rollback: { autoRollback: boolean, source: RollbackPolicySource } | null } };

export type ContainerFieldsFragment = { name: string, host: string, readOnlyReason: string | null, id: string, image: string, status: ContainerStatus, updateAvailable: boolean, stack: string | null, service: string | null, state: string | null, health: ContainerHealth | null, currentTag: string | null, currentVersion: string | null, latestVersion: string | null, latestTag: string | null, changeType: ChangeType | null, recommendedTag: string | null, reason: string | null, error: string | null, composeImage: string | null, composeFile: string | null, labelsOutOfSync: boolean, checkedAt: string, labels: Array<{ key: string, value: string }>, preUpdateCheck: { script: string, passed: boolean, output: string } | null, lastOperation: { operationId: string, operationType: OperationType, status: OperationStatus, rollbackOccurred: boolean, newVersion: string | null, oldVersion: string | null } | null };

type OperationStart_ConflictError_Fragment = { __typename: 'ConflictError', message: string, code: DocksmithErrorCode };

type OperationStart_InvalidInputError_Fragment = { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode };

type OperationStart_NotFoundError_Fragment = { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode };

type OperationStart_OperationStarted_Fragment = { __typename: 'OperationStarted', operationId: string, queued: boolean };

type OperationStart_UpstreamFailureError_Fragment = { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode };

export type OperationStartFragment =
  | OperationStart_ConflictError_Fragment
  | OperationStart_InvalidInputError_Fragment
  | OperationStart_NotFoundError_Fragment
  | OperationStart_OperationStarted_Fragment
  | OperationStart_UpstreamFailureError_Fragment
;

export type UpdateContainerMutationVariables = Exact<{
  input: UpdateContainerInput;
}>;


export type UpdateContainerMutation = { updateContainer:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'OperationStarted', operationId: string, queued: boolean }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RollbackOperationMutationVariables = Exact<{
  input: RollbackOperationInput;
}>;


export type RollbackOperationMutation = { rollbackOperation:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'OperationStarted', operationId: string, queued: boolean }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type FixComposeMismatchMutationVariables = Exact<{
  input: FixComposeMismatchInput;
}>;


export type FixComposeMismatchMutation = { fixComposeMismatch:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'OperationStarted', operationId: string, queued: boolean }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type TagOptionsQueryVariables = Exact<{
  name: string;
  host?: string | null | undefined;
}>;


export type TagOptionsQuery = { containerTagOptions: { currentTag: string, constraints: Array<{ key: string, value: string }>, tags: Array<{ tag: string, allowed: boolean, excludedBy: string | null, current: boolean }> } | null };

export type ContainerPageQueryVariables = Exact<{
  name: string;
  host?: string | null | undefined;
}>;


export type ContainerPageQuery = { container: { name: string, host: string, readOnlyReason: string | null, id: string, image: string, status: ContainerStatus, updateAvailable: boolean, stack: string | null, service: string | null, state: string | null, health: ContainerHealth | null, currentTag: string | null, currentVersion: string | null, latestVersion: string | null, latestTag: string | null, changeType: ChangeType | null, recommendedTag: string | null, reason: string | null, error: string | null, composeImage: string | null, composeFile: string | null, labelsOutOfSync: boolean, checkedAt: string, labels: Array<{ key: string, value: string }>, preUpdateCheck: { script: string, passed: boolean, output: string } | null, lastOperation: { operationId: string, operationType: OperationType, status: OperationStatus, rollbackOccurred: boolean, newVersion: string | null, oldVersion: string | null } | null } | null, containerInspect: { id: string, name: string, image: string, imageId: string, state: string, running: boolean, health: ContainerHealth | null, restartCount: number, startedAt: string | null, stack: string | null, service: string | null, labels: Array<{ key: string, value: string }> } | null, policies: { containers: Array<{ container: string, host: string, canRollback: boolean, lastOperationId: string }> } };

export type ContainerInspectFullQueryVariables = Exact<{
  name: string;
  host?: string | null | undefined;
}>;


export type ContainerInspectFullQuery = { containerInspect: { id: string, name: string, image: string, imageId: string, state: string, running: boolean, health: ContainerHealth | null, restartCount: number, exitCode: number | null, startedAt: string | null, finishedAt: string | null, created: string | null, stack: string | null, service: string | null, env: Array<string>, command: Array<string>, entrypoint: Array<string>, workingDir: string, user: string, hostname: string, networkMode: string, networks: Array<string>, platform: string, labels: Array<{ key: string, value: string }>, mounts: Array<{ type: string, name: string | null, source: string, destination: string, rw: boolean }>, ports: Array<{ containerPort: number, protocol: string, hostIp: string | null, hostPort: number | null }>, restartPolicy: { name: string, maximumRetryCount: number }, healthcheck: { test: Array<string>, intervalNs: number, timeoutNs: number, startPeriodNs: number, retries: number } | null } | null };

export type ValidateLabelsQueryVariables = Exact<{
  input: ValidateLabelsInput;
}>;


export type ValidateLabelsQuery = { validateLabels: { valid: boolean, problems: Array<{ label: string | null, message: string }> } };

export type SetLabelsMutationVariables = Exact<{
  input: SetLabelsInput;
}>;


export type SetLabelsMutation = { setLabels:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'OperationStarted', operationId: string, queued: boolean }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type ScriptsQueryVariables = Exact<{ [key: string]: never; }>;


export type ScriptsQuery = { scripts: Array<{ relativePath: string, executable: boolean }>, scriptsFolder: { path: string, state: ScriptsFolderState }, scriptAssignments: Array<{ containerName: string, host: string, scriptPath: string, enabled: boolean }> };

export type AssignScriptMutationVariables = Exact<{
  input: AssignScriptInput;
}>;


export type AssignScriptMutation = { assignScript:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ScriptAssignment', containerName: string, scriptPath: string }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type UnassignScriptMutationVariables = Exact<{
  input: UnassignScriptInput;
}>;


export type UnassignScriptMutation = { unassignScript:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ScriptUnassigned' }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

type ActionFields_ConflictError_Fragment = { __typename: 'ConflictError', message: string, code: DocksmithErrorCode };

type ActionFields_ContainerActionSuccess_Fragment = { __typename: 'ContainerActionSuccess', status: ContainerActionStatus, operationId: string, message: string };

type ActionFields_InvalidInputError_Fragment = { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode };

type ActionFields_NotFoundError_Fragment = { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode };

type ActionFields_UpstreamFailureError_Fragment = { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode };

export type ActionFieldsFragment =
  | ActionFields_ConflictError_Fragment
  | ActionFields_ContainerActionSuccess_Fragment
  | ActionFields_InvalidInputError_Fragment
  | ActionFields_NotFoundError_Fragment
  | ActionFields_UpstreamFailureError_Fragment
;

export type StartContainerMutationVariables = Exact<{
  input: StartContainerInput;
}>;


export type StartContainerMutation = { startContainer:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ContainerActionSuccess', status: ContainerActionStatus, operationId: string, message: string }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type StopContainerMutationVariables = Exact<{
  input: StopContainerInput;
}>;


export type StopContainerMutation = { stopContainer:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ContainerActionSuccess', status: ContainerActionStatus, operationId: string, message: string }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RestartContainerMutationVariables = Exact<{
  input: RestartContainerInput;
}>;


export type RestartContainerMutation = { restartContainer:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ContainerActionSuccess', status: ContainerActionStatus, operationId: string, message: string }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RemoveContainerMutationVariables = Exact<{
  input: RemoveContainerInput;
}>;


export type RemoveContainerMutation = { removeContainer:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ContainerActionSuccess', status: ContainerActionStatus, operationId: string, message: string }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type ExplorerQueryVariables = Exact<{
  host?: string | null | undefined;
}>;


export type ExplorerQuery = { hosts: Array<{ name: string }>, explorer: { images: Array<{ id: string, tags: Array<string>, size: number, created: string | null, containers: Array<string>, inUse: boolean, dangling: boolean }>, networks: Array<{ id: string, name: string, driver: string, scope: string, internal: boolean, builtin: boolean, stack: string | null, containers: Array<string>, created: string | null }>, volumes: Array<{ name: string, driver: string, stack: string | null, containers: Array<string>, size: number | null, created: string | null }> } };

export type RemoveImageMutationVariables = Exact<{
  input: RemoveImageInput;
}>;


export type RemoveImageMutation = { removeImage:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ImageRemoved', image: string, untagged: Array<string>, deleted: Array<string> }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RemoveNetworkMutationVariables = Exact<{
  input: RemoveNetworkInput;
}>;


export type RemoveNetworkMutation = { removeNetwork:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ResourceRemoved', name: string, message: string }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RemoveVolumeMutationVariables = Exact<{
  input: RemoveVolumeInput;
}>;


export type RemoveVolumeMutation = { removeVolume:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'ResourceRemoved', name: string, message: string }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

type PrunedFields_ConflictError_Fragment = { __typename: 'ConflictError', message: string, code: DocksmithErrorCode };

type PrunedFields_InvalidInputError_Fragment = { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode };

type PrunedFields_NotFoundError_Fragment = { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode };

type PrunedFields_Pruned_Fragment = { __typename: 'Pruned', kind: PruneKind, count: number, spaceReclaimed: number, deleted: Array<string> };

type PrunedFields_UpstreamFailureError_Fragment = { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode };

export type PrunedFieldsFragment =
  | PrunedFields_ConflictError_Fragment
  | PrunedFields_InvalidInputError_Fragment
  | PrunedFields_NotFoundError_Fragment
  | PrunedFields_Pruned_Fragment
  | PrunedFields_UpstreamFailureError_Fragment
;

export type PruneImagesMutationVariables = Exact<{
  input?: PruneImagesInput | null | undefined;
}>;


export type PruneImagesMutation = { pruneImages:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'Pruned', kind: PruneKind, count: number, spaceReclaimed: number, deleted: Array<string> }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type PruneNetworksMutationVariables = Exact<{
  input?: PruneInput | null | undefined;
}>;


export type PruneNetworksMutation = { pruneNetworks:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'Pruned', kind: PruneKind, count: number, spaceReclaimed: number, deleted: Array<string> }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type PruneVolumesMutationVariables = Exact<{
  input?: PruneInput | null | undefined;
}>;


export type PruneVolumesMutation = { pruneVolumes:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'Pruned', kind: PruneKind, count: number, spaceReclaimed: number, deleted: Array<string> }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type HistoryQueryVariables = Exact<{
  filter?: OperationFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type HistoryQuery = { operations: { edges: Array<{ cursor: string, node: { operationId: string, operationType: OperationType, status: OperationStatus, containerName: string, host: string, stackName: string | null, oldVersion: string | null, newVersion: string | null, errorMessage: string | null, rollbackOccurred: boolean, batchGroupId: string | null, batchDetails: unknown, startedBy: string | null, startedAt: string | null, completedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, hosts: Array<{ name: string }>, policies: { containers: Array<{ container: string, canRollback: boolean, lastOperationId: string }> } };

export type HistoryEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type HistoryEventsSubscription = { events: { sequence: number } };

export type OperationLogQueryVariables = Exact<{
  id: string;
}>;


export type OperationLogQuery = { operation: { operationId: string, log: Array<{ at: string, level: OperationLogLevel, message: string }> } | null };

export type OperationFieldsFragment = { operationId: string, operationType: OperationType, status: OperationStatus, stage: OperationStatus | null, containerName: string, host: string, stackName: string | null, oldVersion: string | null, newVersion: string | null, errorMessage: string | null, batchGroupId: string | null, batchDetails: unknown, rollbackOccurred: boolean, rollbackOf: string | null, startedAt: string | null, completedAt: string | null, log: Array<{ at: string, level: OperationLogLevel, message: string }> };

export type OperationQueryVariables = Exact<{
  id: string;
}>;


export type OperationQuery = { operation: { operationId: string, operationType: OperationType, status: OperationStatus, stage: OperationStatus | null, containerName: string, host: string, stackName: string | null, oldVersion: string | null, newVersion: string | null, errorMessage: string | null, batchGroupId: string | null, batchDetails: unknown, rollbackOccurred: boolean, rollbackOf: string | null, startedAt: string | null, completedAt: string | null, log: Array<{ at: string, level: OperationLogLevel, message: string }> } | null, policies: { containers: Array<{ container: string, canRollback: boolean, lastOperationId: string }> } };

export type OperationProgressSubSubscriptionVariables = Exact<{
  id: string;
}>;


export type OperationProgressSubSubscription = { operationProgress:
    | { __typename: 'OperationFinished', operationId: string, containerName: string | null, status: OperationStatus, error: string | null, at: string }
    | { __typename: 'OperationProgress', operationId: string, containerName: string | null, stage: OperationStatus, progress: number, message: string, at: string }
   };

export type SettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsQuery = { health: { version: string | null, status: HealthStatus }, status: { checkInterval: string, cacheTtl: string, lastBackgroundRun: string | null, nextCheck: string | null }, dockerConfig: { configPath: string, configFound: boolean, registries: Array<string>, credsStore: string | null, githubToken: boolean, error: string | null, insecureRegistries: Array<string>, rateLimits: unknown, credHelpers: Array<{ key: string, value: string }>, registriesInUse: Array<{ registry: string, containers: Array<string>, credentialsFound: boolean, credentialSource: string | null }> }, hosts: Array<{ name: string, url: string, source: HostSource, status: HostStatus, error: string | null, readOnlyReason: string | null }>, policies: { policies: Array<{ entityType: PolicyEntityType, entityId: string, host: string, autoRollbackEnabled: boolean, healthTimeoutSeconds: number, stabilityWindowSeconds: number, updatedAt: string | null }> }, autoUpdate: { schedule: string | null, timezone: string, defaultMinAge: string, nextRun: string | null, policies: Array<{ entityType: PolicyEntityType, entityId: string, host: string, level: AutoUpdateLevel | null, minAge: string | null, maintenanceWindow: string | null }> } };

export type StackPageQueryVariables = Exact<{
  filter: ContainerFilterInput;
}>;


export type StackPageQuery = { containers: Array<{ name: string, host: string, image: string, status: ContainerStatus }> };

export type UpdatesQueryVariables = Exact<{ [key: string]: never; }>;


export type UpdatesQuery = { containers: Array<{ name: string, host: string, readOnlyReason: string | null, id: string, image: string, status: ContainerStatus, updateAvailable: boolean, stack: string | null, service: string | null, state: string | null, health: ContainerHealth | null, currentTag: string | null, currentVersion: string | null, latestVersion: string | null, latestTag: string | null, changeType: ChangeType | null, recommendedTag: string | null, reason: string | null, error: string | null, composeImage: string | null, composeFile: string | null, labelsOutOfSync: boolean, checkedAt: string, labels: Array<{ key: string, value: string }>, preUpdateCheck: { script: string, passed: boolean, output: string } | null, lastOperation: { operationId: string, operationType: OperationType, status: OperationStatus, rollbackOccurred: boolean, newVersion: string | null, oldVersion: string | null } | null }>, status: { lastCacheRefresh: string | null, lastBackgroundRun: string | null, checking: boolean, nextCheck: string | null }, policies: { containers: Array<{ container: string, host: string, canRollback: boolean, lastOperationId: string }> } };

export type UpdateContainersMutationVariables = Exact<{
  input: UpdateContainersInput;
}>;


export type UpdateContainersMutation = { updateContainers:
    | { __typename: 'BatchUpdateStarted', batchGroupId: string, operations: Array<{ stack: string, operationId: string, containers: Array<string> }>, skipped: Array<{ container: string, reason: string }> }
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export type RecheckMutationVariables = Exact<{
  input: RecheckContainerInput;
}>;


export type RecheckMutation = { recheckContainer:
    | { __typename: 'ConflictError', message: string, code: DocksmithErrorCode }
    | { __typename: 'Container', name: string, host: string, readOnlyReason: string | null, id: string, image: string, status: ContainerStatus, updateAvailable: boolean, stack: string | null, service: string | null, state: string | null, health: ContainerHealth | null, currentTag: string | null, currentVersion: string | null, latestVersion: string | null, latestTag: string | null, changeType: ChangeType | null, recommendedTag: string | null, reason: string | null, error: string | null, composeImage: string | null, composeFile: string | null, labelsOutOfSync: boolean, checkedAt: string, labels: Array<{ key: string, value: string }>, preUpdateCheck: { script: string, passed: boolean, output: string } | null, lastOperation: { operationId: string, operationType: OperationType, status: OperationStatus, rollbackOccurred: boolean, newVersion: string | null, oldVersion: string | null } | null }
    | { __typename: 'InvalidInputError', message: string, code: DocksmithErrorCode }
    | { __typename: 'NotFoundError', message: string, code: DocksmithErrorCode }
    | { __typename: 'UpstreamFailureError', message: string, code: DocksmithErrorCode }
   };

export const ContainerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContainerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Container"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"readOnlyReason"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updateAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"currentTag"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestTag"}},{"kind":"Field","name":{"kind":"Name","value":"changeType"}},{"kind":"Field","name":{"kind":"Name","value":"recommendedTag"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"composeImage"}},{"kind":"Field","name":{"kind":"Name","value":"composeFile"}},{"kind":"Field","name":{"kind":"Name","value":"labelsOutOfSync"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"preUpdateCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"script"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"output"}}]}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOccurred"}},{"kind":"Field","name":{"kind":"Name","value":"newVersion"}},{"kind":"Field","name":{"kind":"Name","value":"oldVersion"}}]}}]}}]} as unknown as DocumentNode<ContainerFieldsFragment, unknown>;
export const OperationStartFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationStart"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStartResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<OperationStartFragment, unknown>;
export const ActionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<ActionFieldsFragment, unknown>;
export const PrunedFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PrunedFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PruneResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pruned"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"spaceReclaimed"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<PrunedFieldsFragment, unknown>;
export const OperationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Operation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"stackName"}},{"kind":"Field","name":{"kind":"Name","value":"oldVersion"}},{"kind":"Field","name":{"kind":"Name","value":"newVersion"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"batchGroupId"}},{"kind":"Field","name":{"kind":"Name","value":"batchDetails"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOccurred"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOf"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"log"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<OperationFieldsFragment, unknown>;
export const HealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"docker"}},{"kind":"Field","name":{"kind":"Name","value":"storage"}}]}}]}}]}}]} as unknown as DocumentNode<HealthQuery, HealthQueryVariables>;
export const DockerDownDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DockerDown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hosts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<DockerDownQuery, DockerDownQueryVariables>;
export const ApiTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiTokens"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}}]}}]}}]} as unknown as DocumentNode<ApiTokensQuery, ApiTokensQueryVariables>;
export const CreateApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreatedApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const RevokeApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeApiTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RevokedApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
export const LocalUsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LocalUsers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"fromSetting"}}]}}]}}]} as unknown as DocumentNode<LocalUsersQuery, LocalUsersQueryVariables>;
export const SetUserPasswordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetUserPassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetUserPasswordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setUserPassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserPasswordSet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"created"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SetUserPasswordMutation, SetUserPasswordMutationVariables>;
export const DeleteUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeletedUser"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"revokedTokens"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteUserMutation, DeleteUserMutationVariables>;
export const ContainerLogsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContainerLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tail"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}},{"kind":"Argument","name":{"kind":"Name","value":"tail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tail"}}},{"kind":"Argument","name":{"kind":"Name","value":"timestamps"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]} as unknown as DocumentNode<ContainerLogsQuery, ContainerLogsQueryVariables>;
export const ContainerLogsFollowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ContainerLogsFollow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tail"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}},{"kind":"Argument","name":{"kind":"Name","value":"tail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tail"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]} as unknown as DocumentNode<ContainerLogsFollowSubscription, ContainerLogsFollowSubscriptionVariables>;
export const ContainerStatsFollowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ContainerStatsFollow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"Field","name":{"kind":"Name","value":"cpuPercent"}},{"kind":"Field","name":{"kind":"Name","value":"memoryUsage"}},{"kind":"Field","name":{"kind":"Name","value":"memoryLimit"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPercent"}},{"kind":"Field","name":{"kind":"Name","value":"networkRx"}},{"kind":"Field","name":{"kind":"Name","value":"networkTx"}},{"kind":"Field","name":{"kind":"Name","value":"pids"}}]}}]}}]} as unknown as DocumentNode<ContainerStatsFollowSubscription, ContainerStatsFollowSubscriptionVariables>;
export const PolicyScopeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PolicyScope"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"entityType"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PolicyEntityType"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"entityId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"policyScope"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"entityType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"entityType"}}},{"kind":"Argument","name":{"kind":"Name","value":"entityId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"entityId"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"docksmithItself"}},{"kind":"Field","name":{"kind":"Name","value":"autoUpdatePolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"minAge"}},{"kind":"Field","name":{"kind":"Name","value":"maintenanceWindow"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rollbackPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"autoRollbackEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"healthTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"stabilityWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"autoUpdate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"levelSource"}},{"kind":"Field","name":{"kind":"Name","value":"minAge"}},{"kind":"Field","name":{"kind":"Name","value":"minAgeSource"}},{"kind":"Field","name":{"kind":"Name","value":"maintenanceWindow"}},{"kind":"Field","name":{"kind":"Name","value":"maintenanceWindowSource"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rollback"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"autoRollback"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"healthTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"stabilityWindowSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"containers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"docksmithItself"}},{"kind":"Field","name":{"kind":"Name","value":"autoUpdate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"levelSource"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rollback"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"autoRollback"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PolicyScopeQuery, PolicyScopeQueryVariables>;
export const SaveAutoUpdatePolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveAutoUpdatePolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetAutoUpdatePolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setAutoUpdatePolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoUpdatePolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"minAge"}},{"kind":"Field","name":{"kind":"Name","value":"maintenanceWindow"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SaveAutoUpdatePolicyMutation, SaveAutoUpdatePolicyMutationVariables>;
export const RemoveAutoUpdatePolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveAutoUpdatePolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveAutoUpdatePolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeAutoUpdatePolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RemoveAutoUpdatePolicyMutation, RemoveAutoUpdatePolicyMutationVariables>;
export const RemoveRollbackPolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveRollbackPolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveRollbackPolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeRollbackPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RemoveRollbackPolicyMutation, RemoveRollbackPolicyMutationVariables>;
export const SaveRollbackPolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveRollbackPolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetRollbackPolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setRollbackPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RollbackPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"autoRollbackEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"healthTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"stabilityWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<SaveRollbackPolicyMutation, SaveRollbackPolicyMutationVariables>;
export const TriggerCheckDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TriggerCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"triggerCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<TriggerCheckMutation, TriggerCheckMutationVariables>;
export const CheckProgressSubDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CheckProgressSub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkProgress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<CheckProgressSubSubscription, CheckProgressSubSubscriptionVariables>;
export const AutoRollbackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AutoRollback"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"policyScope"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"entityType"},"value":{"kind":"EnumValue","value":"CONTAINER"}},{"kind":"Argument","name":{"kind":"Name","value":"entityId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"rollback"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"autoRollback"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]}}]} as unknown as DocumentNode<AutoRollbackQuery, AutoRollbackQueryVariables>;
export const UpdateContainerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateContainer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateContainerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateContainer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationStart"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationStart"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStartResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<UpdateContainerMutation, UpdateContainerMutationVariables>;
export const RollbackOperationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RollbackOperation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RollbackOperationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollbackOperation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationStart"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationStart"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStartResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<RollbackOperationMutation, RollbackOperationMutationVariables>;
export const FixComposeMismatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FixComposeMismatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FixComposeMismatchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fixComposeMismatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationStart"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationStart"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStartResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<FixComposeMismatchMutation, FixComposeMismatchMutationVariables>;
export const TagOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TagOptions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerTagOptions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentTag"}},{"kind":"Field","name":{"kind":"Name","value":"constraints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"excludedBy"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]}}]}}]} as unknown as DocumentNode<TagOptionsQuery, TagOptionsQueryVariables>;
export const ContainerPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContainerPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContainerFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"containerInspect"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"restartCount"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"policies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"canRollback"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperationId"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContainerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Container"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"readOnlyReason"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updateAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"currentTag"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestTag"}},{"kind":"Field","name":{"kind":"Name","value":"changeType"}},{"kind":"Field","name":{"kind":"Name","value":"recommendedTag"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"composeImage"}},{"kind":"Field","name":{"kind":"Name","value":"composeFile"}},{"kind":"Field","name":{"kind":"Name","value":"labelsOutOfSync"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"preUpdateCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"script"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"output"}}]}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOccurred"}},{"kind":"Field","name":{"kind":"Name","value":"newVersion"}},{"kind":"Field","name":{"kind":"Name","value":"oldVersion"}}]}}]}}]} as unknown as DocumentNode<ContainerPageQuery, ContainerPageQueryVariables>;
export const ContainerInspectFullDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContainerInspectFull"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerInspect"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"restartCount"}},{"kind":"Field","name":{"kind":"Name","value":"exitCode"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"env"}},{"kind":"Field","name":{"kind":"Name","value":"command"}},{"kind":"Field","name":{"kind":"Name","value":"entrypoint"}},{"kind":"Field","name":{"kind":"Name","value":"workingDir"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"mounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"destination"}},{"kind":"Field","name":{"kind":"Name","value":"rw"}}]}},{"kind":"Field","name":{"kind":"Name","value":"networkMode"}},{"kind":"Field","name":{"kind":"Name","value":"networks"}},{"kind":"Field","name":{"kind":"Name","value":"ports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerPort"}},{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"hostIp"}},{"kind":"Field","name":{"kind":"Name","value":"hostPort"}}]}},{"kind":"Field","name":{"kind":"Name","value":"restartPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"maximumRetryCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"healthcheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"intervalNs"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutNs"}},{"kind":"Field","name":{"kind":"Name","value":"startPeriodNs"}},{"kind":"Field","name":{"kind":"Name","value":"retries"}}]}},{"kind":"Field","name":{"kind":"Name","value":"platform"}}]}}]}}]} as unknown as DocumentNode<ContainerInspectFullQuery, ContainerInspectFullQueryVariables>;
export const ValidateLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ValidateLabels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ValidateLabelsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"validateLabels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ValidateLabelsQuery, ValidateLabelsQueryVariables>;
export const SetLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetLabels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetLabelsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setLabels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationStart"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationStart"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStartResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<SetLabelsMutation, SetLabelsMutationVariables>;
export const ScriptsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Scripts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scripts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relativePath"}},{"kind":"Field","name":{"kind":"Name","value":"executable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scriptsFolder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scriptAssignments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"scriptPath"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}}]}}]} as unknown as DocumentNode<ScriptsQuery, ScriptsQueryVariables>;
export const AssignScriptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignScript"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignScriptInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignScript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScriptAssignment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"scriptPath"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<AssignScriptMutation, AssignScriptMutationVariables>;
export const UnassignScriptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnassignScript"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnassignScriptInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unassignScript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<UnassignScriptMutation, UnassignScriptMutationVariables>;
export const StartContainerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartContainer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartContainerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startContainer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<StartContainerMutation, StartContainerMutationVariables>;
export const StopContainerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StopContainer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StopContainerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopContainer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<StopContainerMutation, StopContainerMutationVariables>;
export const RestartContainerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RestartContainer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RestartContainerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restartContainer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<RestartContainerMutation, RestartContainerMutationVariables>;
export const RemoveContainerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveContainer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveContainerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeContainer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerActionSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<RemoveContainerMutation, RemoveContainerMutationVariables>;
export const ExplorerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Explorer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hosts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"explorer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"inUse"}},{"kind":"Field","name":{"kind":"Name","value":"dangling"}}]}},{"kind":"Field","name":{"kind":"Name","value":"networks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"internal"}},{"kind":"Field","name":{"kind":"Name","value":"builtin"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"created"}}]}},{"kind":"Field","name":{"kind":"Name","value":"volumes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"created"}}]}}]}}]}}]} as unknown as DocumentNode<ExplorerQuery, ExplorerQueryVariables>;
export const RemoveImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImageRemoved"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"untagged"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RemoveImageMutation, RemoveImageMutationVariables>;
export const RemoveNetworkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveNetwork"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveNetworkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeNetwork"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResourceRemoved"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RemoveNetworkMutation, RemoveNetworkMutationVariables>;
export const RemoveVolumeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveVolume"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveVolumeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeVolume"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResourceRemoved"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RemoveVolumeMutation, RemoveVolumeMutationVariables>;
export const PruneImagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PruneImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PruneImagesInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pruneImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PrunedFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PrunedFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PruneResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pruned"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"spaceReclaimed"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<PruneImagesMutation, PruneImagesMutationVariables>;
export const PruneNetworksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PruneNetworks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PruneInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pruneNetworks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PrunedFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PrunedFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PruneResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pruned"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"spaceReclaimed"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<PruneNetworksMutation, PruneNetworksMutationVariables>;
export const PruneVolumesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PruneVolumes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PruneInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pruneVolumes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PrunedFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PrunedFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PruneResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pruned"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"spaceReclaimed"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<PruneVolumesMutation, PruneVolumesMutationVariables>;
export const HistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"History"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OperationFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"stackName"}},{"kind":"Field","name":{"kind":"Name","value":"oldVersion"}},{"kind":"Field","name":{"kind":"Name","value":"newVersion"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOccurred"}},{"kind":"Field","name":{"kind":"Name","value":"batchGroupId"}},{"kind":"Field","name":{"kind":"Name","value":"batchDetails"}},{"kind":"Field","name":{"kind":"Name","value":"startedBy"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"hosts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"canRollback"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperationId"}}]}}]}}]}}]} as unknown as DocumentNode<HistoryQuery, HistoryQueryVariables>;
export const HistoryEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"HistoryEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"types"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"UPDATE_PROGRESS"},{"kind":"EnumValue","value":"RESTART_PROGRESS"},{"kind":"EnumValue","value":"CONTAINER_UPDATED"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}}]}}]}}]} as unknown as DocumentNode<HistoryEventsSubscription, HistoryEventsSubscriptionVariables>;
export const OperationLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OperationLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"log"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<OperationLogQuery, OperationLogQueryVariables>;
export const OperationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Operation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OperationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"canRollback"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperationId"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Operation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"stackName"}},{"kind":"Field","name":{"kind":"Name","value":"oldVersion"}},{"kind":"Field","name":{"kind":"Name","value":"newVersion"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"batchGroupId"}},{"kind":"Field","name":{"kind":"Name","value":"batchDetails"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOccurred"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOf"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"log"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<OperationQuery, OperationQueryVariables>;
export const OperationProgressSubDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"OperationProgressSub"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"operationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationFinished"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"containerName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]}}]} as unknown as DocumentNode<OperationProgressSubSubscription, OperationProgressSubSubscriptionVariables>;
export const SettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkInterval"}},{"kind":"Field","name":{"kind":"Name","value":"cacheTtl"}},{"kind":"Field","name":{"kind":"Name","value":"lastBackgroundRun"}},{"kind":"Field","name":{"kind":"Name","value":"nextCheck"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dockerConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"configPath"}},{"kind":"Field","name":{"kind":"Name","value":"configFound"}},{"kind":"Field","name":{"kind":"Name","value":"registries"}},{"kind":"Field","name":{"kind":"Name","value":"credHelpers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"credsStore"}},{"kind":"Field","name":{"kind":"Name","value":"githubToken"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"insecureRegistries"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimits"}},{"kind":"Field","name":{"kind":"Name","value":"registriesInUse"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsFound"}},{"kind":"Field","name":{"kind":"Name","value":"credentialSource"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"hosts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"readOnlyReason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"policies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"autoRollbackEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"healthTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"stabilityWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"autoUpdate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}},{"kind":"Field","name":{"kind":"Name","value":"defaultMinAge"}},{"kind":"Field","name":{"kind":"Name","value":"nextRun"}},{"kind":"Field","name":{"kind":"Name","value":"policies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"minAge"}},{"kind":"Field","name":{"kind":"Name","value":"maintenanceWindow"}}]}}]}}]}}]} as unknown as DocumentNode<SettingsQuery, SettingsQueryVariables>;
export const StackPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StackPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerFilterInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<StackPageQuery, StackPageQueryVariables>;
export const UpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Updates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContainerFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastCacheRefresh"}},{"kind":"Field","name":{"kind":"Name","value":"lastBackgroundRun"}},{"kind":"Field","name":{"kind":"Name","value":"checking"}},{"kind":"Field","name":{"kind":"Name","value":"nextCheck"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"containers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"canRollback"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperationId"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContainerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Container"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"readOnlyReason"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updateAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"currentTag"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestTag"}},{"kind":"Field","name":{"kind":"Name","value":"changeType"}},{"kind":"Field","name":{"kind":"Name","value":"recommendedTag"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"composeImage"}},{"kind":"Field","name":{"kind":"Name","value":"composeFile"}},{"kind":"Field","name":{"kind":"Name","value":"labelsOutOfSync"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"preUpdateCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"script"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"output"}}]}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOccurred"}},{"kind":"Field","name":{"kind":"Name","value":"newVersion"}},{"kind":"Field","name":{"kind":"Name","value":"oldVersion"}}]}}]}}]} as unknown as DocumentNode<UpdatesQuery, UpdatesQueryVariables>;
export const UpdateContainersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateContainers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateContainersInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateContainers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BatchUpdateStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchGroupId"}},{"kind":"Field","name":{"kind":"Name","value":"operations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateContainersMutation, UpdateContainersMutationVariables>;
export const RecheckDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Recheck"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecheckContainerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recheckContainer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Container"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContainerFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContainerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Container"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"readOnlyReason"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updateAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"stack"}},{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"currentTag"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latestTag"}},{"kind":"Field","name":{"kind":"Name","value":"changeType"}},{"kind":"Field","name":{"kind":"Name","value":"recommendedTag"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"composeImage"}},{"kind":"Field","name":{"kind":"Name","value":"composeFile"}},{"kind":"Field","name":{"kind":"Name","value":"labelsOutOfSync"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"preUpdateCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"script"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"output"}}]}},{"kind":"Field","name":{"kind":"Name","value":"checkedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastOperation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rollbackOccurred"}},{"kind":"Field","name":{"kind":"Name","value":"newVersion"}},{"kind":"Field","name":{"kind":"Name","value":"oldVersion"}}]}}]}}]} as unknown as DocumentNode<RecheckMutation, RecheckMutationVariables>;