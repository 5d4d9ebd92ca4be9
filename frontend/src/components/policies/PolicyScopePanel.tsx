import { Alert, List, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useId } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import type { PolicyEntityType } from "../../gql/graphql";
import { fromCombined, type ShownError, userError } from "../../lib/errors";
import { scopeName } from "../../lib/policies";
import { ErrorAlert } from "../ErrorAlert";
import { AutoUpdatePolicyForm } from "./AutoUpdatePolicyForm";
import { InForceTable } from "./InForceTable";
import { MembersTable } from "./MembersTable";
import { RollbackPolicyForm } from "./RollbackPolicyForm";

export const PolicyScopeQuery = graphql(`
  query PolicyScope($entityType: PolicyEntityType!, $entityId: String!, $host: String) {
    policyScope(entityType: $entityType, entityId: $entityId, host: $host) {
      entityType
      entityId
      host
      stack
      problems
      docksmithItself
      autoUpdatePolicy {
        level
        minAge
        maintenanceWindow
        updatedAt
      }
      rollbackPolicy {
        autoRollbackEnabled
        healthTimeoutSeconds
        stabilityWindowSeconds
        updatedAt
      }
      autoUpdate {
        level
        levelSource
        minAge
        minAgeSource
        maintenanceWindow
        maintenanceWindowSource
      }
      rollback {
        autoRollback
        source
        healthTimeoutSeconds
        stabilityWindowSeconds
      }
      containers {
        container
        problems
        docksmithItself
        autoUpdate {
          level
          levelSource
        }
        rollback {
          autoRollback
          source
        }
      }
    }
  }
`);

const SaveAutoUpdatePolicy = graphql(`
  mutation SaveAutoUpdatePolicy($input: SetAutoUpdatePolicyInput!) {
    setAutoUpdatePolicy(input: $input) {
      __typename
      ... on AutoUpdatePolicy {
        entityType
        entityId
        host
        level
        minAge
        maintenanceWindow
        updatedAt
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const RemoveAutoUpdatePolicy = graphql(`
  mutation RemoveAutoUpdatePolicy($input: RemoveAutoUpdatePolicyInput!) {
    removeAutoUpdatePolicy(input: $input) {
      __typename
      ... on UserError {
        message
        code
      }
    }
  }
`);

const RemoveRollbackPolicy = graphql(`
  mutation RemoveRollbackPolicy($input: RemoveRollbackPolicyInput!) {
    removeRollbackPolicy(input: $input) {
      __typename
      ... on UserError {
        message
        code
      }
    }
  }
`);

export const SaveRollbackPolicy = graphql(`
  mutation SaveRollbackPolicy($input: SetRollbackPolicyInput!) {
    setRollbackPolicy(input: $input) {
      __typename
      ... on RollbackPolicy {
        entityType
        entityId
        autoRollbackEnabled
        healthTimeoutSeconds
        stabilityWindowSeconds
        updatedAt
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

/**
 * What decides unattended updates and rollbacks for the host, a stack or a
 * container: the settings in force with the level each comes from, and this
 * level's own policies to edit. `rollback={false}` leaves the rollback
 * policy to a screen that edits it already (Settings).
 */
export function PolicyScopePanel({
  entityType,
  entityId = "",
  host,
  rollback = true,
  title = "Automatic updates and rollback",
  onChanged,
}: {
  title?: string;
  entityType: PolicyEntityType;
  entityId?: string;
  host?: string | null;
  rollback?: boolean;
  onChanged?: () => void;
}) {
  const headingId = useId();
  const variables = { entityType, entityId, host: host ?? null };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PolicyScopeQuery,
    variables,
  });
  const [, saveAuto] = useMutation(SaveAutoUpdatePolicy);
  const [, removeAuto] = useMutation(RemoveAutoUpdatePolicy);
  const [, saveRollback] = useMutation(SaveRollbackPolicy);
  const [, removeRollback] = useMutation(RemoveRollbackPolicy);
  const scope = data?.policyScope;
  const name = scopeName(entityType, scope?.entityId ?? entityId);
  const target = { entityType, entityId: scope?.entityId ?? entityId };

  function done(answer: ShownError | null, message: string): ShownError | null {
    if (answer) return answer;
    notifications.show({ color: "green", message });
    refetch({ requestPolicy: "network-only" });
    onChanged?.();
    return null;
  }

  return (
    <section aria-labelledby={headingId}>
      <Title order={3} size="h4" id={headingId} mb="xs">
        {title}
      </Title>
      <ErrorAlert error={error} title="Could not load the policies" />
      {!data && fetching && (
        <Skeleton height={160} aria-busy="true" aria-label="Loading the policies" />
      )}
      {scope && (
        <Stack gap="sm">
          {scope.problems.length > 0 && (
            <Alert color="red" title="A label value is wrong" role="alert">
              <List size="sm">
                {scope.problems.map((p) => (
                  <List.Item key={p}>{p}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <InForceTable
            name={name}
            scope={{
              docksmithItself: scope.docksmithItself,
              autoUpdate: scope.autoUpdate,
              rollback: rollback ? scope.rollback : null,
            }}
          />
          <MembersTable stack={scope.entityId} host={host} members={scope.containers} />
          <Text size="sm" c="dimmed">
            Each setting comes from the container's label, else its container policy, else its
            stack's, else the global policy, else the default (off).
          </Text>
          <Paper withBorder p="sm">
            <Title order={4} size="h5" mb="xs">
              Auto-update policy of {name}
            </Title>
            <AutoUpdatePolicyForm
              key={scope.autoUpdatePolicy?.updatedAt ?? "none"}
              name={name}
              stored={scope.autoUpdatePolicy}
              onSave={async (change) => {
                const r = await saveAuto({ input: { ...target, host: host ?? null, ...change } });
                const refused = r.error
                  ? fromCombined(r.error)
                  : userError(r.data?.setAutoUpdatePolicy);
                return done(refused, `Auto-update policy of ${name} saved`);
              }}
              onRemove={async () => {
                const r = await removeAuto({ input: { ...target, host: host ?? null } });
                const refused = r.error
                  ? fromCombined(r.error)
                  : userError(r.data?.removeAutoUpdatePolicy);
                return done(refused, `Auto-update policy of ${name} removed`);
              }}
            />
          </Paper>
          {rollback && scope.rollback && (
            <Paper withBorder p="sm">
              <Title order={4} size="h5" mb="xs">
                Rollback policy of {name}
              </Title>
              <RollbackPolicyForm
                key={scope.rollbackPolicy?.updatedAt ?? "none"}
                name={name}
                stored={
                  scope.rollbackPolicy && {
                    autoRollback: scope.rollbackPolicy.autoRollbackEnabled,
                    healthTimeoutSeconds: scope.rollbackPolicy.healthTimeoutSeconds,
                    stabilityWindowSeconds: scope.rollbackPolicy.stabilityWindowSeconds,
                  }
                }
                inForce={scope.rollback}
                onSave={async (change) => {
                  const r = await saveRollback({
                    input: { ...target, host: host ?? null, ...change },
                  });
                  const refused = r.error
                    ? fromCombined(r.error)
                    : userError(r.data?.setRollbackPolicy);
                  return done(refused, `Rollback policy of ${name} saved`);
                }}
                onRemove={
                  entityType === "GLOBAL"
                    ? undefined
                    : async () => {
                        const r = await removeRollback({
                          input: { ...target, host: host ?? null },
                        });
                        const refused = r.error
                          ? fromCombined(r.error)
                          : userError(r.data?.removeRollbackPolicy);
                        return done(refused, `Rollback policy of ${name} removed`);
                      }
                }
              />
            </Paper>
          )}
        </Stack>
      )}
    </section>
  );
}
