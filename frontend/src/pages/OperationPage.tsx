import { Anchor, Button, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowBackUp } from "@tabler/icons-react";
import { useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { useMutation, useQuery, useSubscription } from "urql";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { breadcrumbName, PageBreadcrumbs } from "../components/PageBreadcrumbs";
import { ProgressView } from "../components/ProgressView";
import { graphql } from "../gql";
import { useOperationStarter } from "../hooks/useOperationStarter";
import { RollbackOperationMutation } from "../lib/documents";
import { containerPath, DEFAULT_HOST } from "../lib/filters";
import { OPERATION_TYPE_LABEL, rollbackText } from "../lib/operations";
import {
  applyEvent,
  INITIAL_LIVE,
  type LiveState,
  type OperationEventMessage,
  parseMembers,
} from "../lib/progress";
import { isFinished } from "../lib/status";

export const OperationFieldsFragment = graphql(`
  fragment OperationFields on Operation {
    operationId
    operationType
    status
    stage
    containerName
    host
    stackName
    oldVersion
    newVersion
    errorMessage
    batchGroupId
    batchDetails
    rollbackOccurred
    rollbackOf
    startedAt
    completedAt
    log {
      at
      level
      message
    }
  }
`);

export const OperationQuery = graphql(`
  query Operation($id: String!) {
    operation(id: $id) {
      ...OperationFields
    }
    policies {
      containers {
        container
        canRollback
        lastOperationId
      }
    }
  }
`);

export const OperationProgressSubscription = graphql(`
  subscription OperationProgressSub($id: String!) {
    operationProgress(operationId: $id) {
      __typename
      ... on OperationProgress {
        operationId
        containerName
        stage
        progress
        message
        at
      }
      ... on OperationFinished {
        operationId
        containerName
        status
        error
        at
      }
    }
  }
`);

// A fallback for a missed event (a server restart, a dropped socket): the
// stored record is the truth, the subscription only makes it faster.
const POLL_MS = 5_000;

const TYPE_LABEL: Record<string, string> = OPERATION_TYPE_LABEL;

export function OperationPage() {
  const { id = "" } = useParams();
  // Keyed by id: another operation starts with a fresh live state.
  return <OperationDetails key={id} id={id} />;
}

function OperationDetails({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: OperationQuery,
    variables: { id },
  });
  const [live, dispatch] = useReducer(
    (state: LiveState, event: OperationEventMessage) => applyEvent(state, event),
    INITIAL_LIVE,
  );
  const op = data?.operation;
  const storedDone = op ? isFinished(op.status) : false;
  const lastStage = useRef<string | null>(null);

  useSubscription(
    { query: OperationProgressSubscription, variables: { id }, pause: !id || storedDone },
    (_prev: unknown, next) => {
      const event = next.operationProgress as OperationEventMessage;
      dispatch(event);
      const key = event.__typename === "OperationFinished" ? "finished" : event.stage;
      if (key !== lastStage.current) {
        lastStage.current = key;
        refetch({ requestPolicy: "network-only" });
      }
      return next;
    },
  );

  useEffect(() => {
    if (storedDone || !op) return;
    const timer = window.setInterval(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [storedDone, op, refetch]);

  const members = useMemo(() => parseMembers(op?.batchDetails), [op?.batchDetails]);
  const rollbackable = useMemo(
    () =>
      (data?.policies.containers ?? []).some(
        (p) => p.canRollback && p.lastOperationId === op?.operationId,
      ),
    [data, op?.operationId],
  );
  const [confirming, setConfirming] = useState(false);
  const { start, busy } = useOperationStarter();
  const [, rollback] = useMutation(RollbackOperationMutation);

  return (
    <Stack gap="md">
      <PageBreadcrumbs
        parent="History"
        to="/history"
        current={
          op
            ? breadcrumbName(
                `${TYPE_LABEL[op.operationType] ?? op.operationType} of ${op.containerName}`,
                op.host !== DEFAULT_HOST ? op.host : null,
              )
            : id
        }
      />
      <ErrorAlert error={error} title="Could not load the operation" />
      {!data && fetching && (
        <Stack aria-busy="true" aria-label="Loading operation">
          <Skeleton height={32} width="60%" />
          <Skeleton height={120} />
          <Skeleton height={200} />
        </Stack>
      )}
      {data && !op && <Text role="alert">No operation has the id {id}.</Text>}
      {op && (
        <>
          <Group justify="space-between" wrap="wrap">
            <Title order={2} style={{ overflowWrap: "anywhere" }}>
              {TYPE_LABEL[op.operationType] ?? op.operationType} of{" "}
              {members.length > 1 ? (
                // "2 containers" names no container to open (it led to an empty screen).
                op.containerName
              ) : (
                // Underlined: in the dark theme its colour alone is too close to the title's.
                <Anchor
                  component={Link}
                  to={containerPath(op.containerName, op.host)}
                  inherit
                  underline="always"
                >
                  {op.containerName}
                </Anchor>
              )}
            </Title>
            {rollbackable && (
              <Button
                variant="light"
                color="orange"
                leftSection={<IconArrowBackUp size={16} aria-hidden />}
                onClick={() => setConfirming(true)}
              >
                Roll back
              </Button>
            )}
          </Group>
          {op.stackName && (
            <Text size="sm" c="dimmed">
              Stack {op.stackName}
              {op.rollbackOf ? (
                <>
                  {" "}
                  · rolls back{" "}
                  <Anchor component={Link} to={`/operations/${encodeURIComponent(op.rollbackOf)}`}>
                    an earlier operation
                  </Anchor>
                </>
              ) : null}
            </Text>
          )}
          <ProgressView operation={op} live={live} members={members} />
          <ConfirmDialog
            opened={confirming}
            title={`Roll back ${op.containerName}?`}
            confirmLabel="Roll back"
            color="orange"
            loading={busy}
            onClose={() => setConfirming(false)}
            onConfirm={async () => {
              await start("Rollback refused", async () => {
                const r = await rollback({ input: { operationId: op.operationId } });
                return { error: r.error, started: r.data?.rollbackOperation };
              });
              setConfirming(false);
            }}
          >
            <Text>{rollbackText(op, members)}</Text>
          </ConfirmDialog>
        </>
      )}
    </Stack>
  );
}
