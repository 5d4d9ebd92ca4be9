import {
  Accordion,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconArrowBackUp, IconExternalLink } from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useMutation, useQuery, useSubscription } from "urql";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { OperationStatusBadge } from "../components/StatusBadge";
import { graphql } from "../gql";
import type {
  HistoryQuery as HistoryResult,
  OperationFilter,
  OperationStatus,
  OperationType,
} from "../gql/graphql";
import { useOperationStarter } from "../hooks/useOperationStarter";
import { actorPhrase } from "../lib/actor";
import { RollbackOperationMutation } from "../lib/documents";
import { historyEmptyText } from "../lib/emptyStates";
import { formatDate, LOG_MESSAGE_STYLE } from "../lib/format";
import {
  changeText,
  dayAfter,
  dayStart,
  FILTER_STATUSES,
  OPERATION_TYPE_LABEL,
  OPERATION_TYPES,
  rollbackText,
} from "../lib/operations";
import { parseMembers } from "../lib/progress";
import { isFinished, OPERATION_STATUS_LABEL } from "../lib/status";

const PAGE_SIZE = 20;
// A fallback for missed events while an operation on the page runs (the
// socket still connecting as a batch opens this page, say), as on the
// operation page.
const POLL_MS = 5_000;
// Progress events come in bursts (several stages a second): one reload each.
const COALESCE_MS = 500;

export const HistoryQuery = graphql(`
  query History($filter: OperationFilter, $first: Int!, $after: String) {
    operations(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          operationId
          operationType
          status
          containerName
          host
          stackName
          oldVersion
          newVersion
          errorMessage
          rollbackOccurred
          batchGroupId
          batchDetails
          startedBy
          startedAt
          completedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    hosts {
      name
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

// Operations start, move on and finish while the page is open: a batch
// update opens it as its operations begin. Only that they did matters here.
const HistoryEventsSubscription = graphql(`
  subscription HistoryEvents {
    events(types: [UPDATE_PROGRESS, RESTART_PROGRESS, CONTAINER_UPDATED]) {
      sequence
    }
  }
`);

const OperationLogQuery = graphql(`
  query OperationLog($id: String!) {
    operation(id: $id) {
      operationId
      log {
        at
        level
        message
      }
    }
  }
`);

const LEVEL_COLOR = { INFO: "blue", WARNING: "yellow", ERROR: "red" } as const;

/** An operation's timeline: its log lines, loaded when the item is opened
 * and again each time the operation's status changes while it is open. */
function OperationTimeline({ id, status }: { id: string; status: OperationStatus }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: OperationLogQuery,
    variables: { id },
  });
  const shownStatus = useRef(status);
  useEffect(() => {
    if (shownStatus.current === status) return;
    shownStatus.current = status;
    refetch({ requestPolicy: "network-only" });
  }, [status, refetch]);
  if (error) return <ErrorAlert error={error} title="Could not load the log" />;
  if (!data && fetching) return <Skeleton height={80} aria-label="Loading the log" />;
  const log = data?.operation?.log ?? [];
  if (log.length === 0) return <Text c="dimmed">No log lines.</Text>;
  return (
    <Timeline bulletSize={12} lineWidth={2} active={log.length - 1} aria-label="Timeline">
      {log.map((line, index) => (
        <Timeline.Item
          // biome-ignore lint/suspicious/noArrayIndexKey: log lines only grow at the end
          key={index}
          color={LEVEL_COLOR[line.level]}
          title={
            <Text size="xs" c="dimmed">
              {new Date(line.at).toLocaleString()}
            </Text>
          }
        >
          <Text size="sm" style={LOG_MESSAGE_STYLE}>
            {line.message}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

type HistoryOperation = HistoryResult["operations"]["edges"][number]["node"];

export function HistoryPage() {
  const [params, setParams] = useSearchParams();
  const [container, setContainer] = useState(params.get("container") ?? "");
  const [debouncedContainer] = useDebouncedValue(container.trim(), 300);
  const [type, setType] = useState<OperationType | null>(null);
  const [status, setStatus] = useState<OperationStatus | null>(null);
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const [host, setHost] = useState<string | null>(null);
  const batch = params.get("batch");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [open, setOpen] = useState<string | null>(null);
  const [rollbackOf, setRollbackOf] = useState<HistoryOperation | null>(null);
  const { start, busy } = useOperationStarter();
  const [, rollback] = useMutation(RollbackOperationMutation);

  const filter = useMemo<OperationFilter>(
    () => ({
      container: debouncedContainer || null,
      type,
      status,
      batchGroupId: batch,
      startedSince: from ? dayStart(from) : null,
      startedBefore: until ? dayAfter(until) : null,
      host,
    }),
    [debouncedContainer, type, status, batch, from, until, host],
  );
  // A new filter starts again from the newest page.
  const filterKey = JSON.stringify(filter);
  const [seenKey, setSeenKey] = useState(filterKey);
  if (seenKey !== filterKey) {
    setSeenKey(filterKey);
    setCursors([null]);
  }

  const [{ data, fetching, error }, refetch] = useQuery({
    query: HistoryQuery,
    variables: { filter, first: PAGE_SIZE, after },
  });
  // Without this the page kept the statuses of its first load: a batch's
  // operations said "Recreating" long after they had finished.
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);
  const pendingReload = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (pendingReload.current !== null) window.clearTimeout(pendingReload.current);
    },
    [],
  );
  useSubscription({ query: HistoryEventsSubscription }, () => {
    if (pendingReload.current === null) {
      pendingReload.current = window.setTimeout(() => {
        pendingReload.current = null;
        reload();
      }, COALESCE_MS);
    }
    return null;
  });
  const running = (data?.operations.edges ?? []).some(({ node }) => !isFinished(node.status));
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(reload, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, reload]);
  const rollbackable = useMemo(
    () =>
      new Set(
        (data?.policies.containers ?? [])
          .filter((p) => p.canRollback)
          .map((p) => p.lastOperationId),
      ),
    [data],
  );
  const edges = data?.operations.edges ?? [];
  const hosts = (data?.hosts ?? []).map((h) => h.name);

  return (
    <Stack gap="md">
      <Title order={2}>History</Title>
      {batch && (
        <Group gap="xs">
          <Text size="sm">
            Operations of batch <Code>{batch}</Code>
          </Text>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => {
              params.delete("batch");
              setParams(params);
            }}
          >
            Show all operations
          </Button>
        </Group>
      )}
      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter operations">
        <TextInput
          label="Container"
          placeholder="Exact name"
          value={container}
          onChange={(e) => setContainer(e.currentTarget.value)}
          w={{ base: "100%", xs: 180 }}
        />
        <Select
          label="Operation type"
          placeholder="All types"
          clearable
          data={OPERATION_TYPES.map((t) => ({ value: t, label: OPERATION_TYPE_LABEL[t] }))}
          value={type}
          onChange={(v) => setType((v as OperationType | null) ?? null)}
          w={{ base: "100%", xs: 180 }}
        />
        <Select
          label="Operation status"
          placeholder="All statuses"
          clearable
          data={FILTER_STATUSES.map((s) => ({ value: s, label: OPERATION_STATUS_LABEL[s] }))}
          value={status}
          onChange={(v) => setStatus((v as OperationStatus | null) ?? null)}
          w={{ base: "100%", xs: 160 }}
        />
        {hosts.length > 1 && (
          <Select
            label="Host"
            placeholder="All hosts"
            clearable
            data={hosts.map((h) => ({ value: h, label: h }))}
            value={host}
            onChange={(v) => setHost(v ?? null)}
            w={{ base: "100%", xs: 150 }}
          />
        )}
        <TextInput
          type="date"
          label="Started from"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={{ base: "100%", xs: 160 }}
        />
        <TextInput
          type="date"
          label="Started until"
          value={until}
          onChange={(e) => setUntil(e.currentTarget.value)}
          w={{ base: "100%", xs: 160 }}
        />
      </Group>
      <ErrorAlert error={error} title="Could not load the history" />
      {!data && fetching && (
        <Stack aria-busy="true" aria-label="Loading operations">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={56} />
          ))}
        </Stack>
      )}
      {data && edges.length === 0 && (
        <Paper withBorder p="lg">
          <Text c="dimmed">{historyEmptyText(Object.values(filter).some((v) => v !== null))}</Text>
        </Paper>
      )}
      {edges.length > 0 && (
        <Accordion
          variant="separated"
          value={open}
          onChange={setOpen}
          aria-label="Operations"
          chevronPosition="left"
        >
          {edges.map(({ node: op }) => (
            <Accordion.Item key={op.operationId} value={op.operationId}>
              {/* Named by what it shows (type, container, status, time), as axe asks. */}
              <Accordion.Control>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                    {OPERATION_TYPE_LABEL[op.operationType]} · {op.containerName}
                  </Text>
                  {hosts.length > 1 && (
                    <Badge variant="outline" color="gray" tt="none">
                      {op.host}
                    </Badge>
                  )}
                  <OperationStatusBadge status={op.status} rolledBack={op.rollbackOccurred} />
                  {op.operationType === "LABEL_CHANGE" && changeText(op) ? (
                    // Every label it set, as written (keys and values are
                    // case-sensitive): too long for a one-line badge, which cut it off.
                    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                      {changeText(op)}
                    </Text>
                  ) : changeText(op) ? (
                    // Tags and image references are case-sensitive: not in capitals.
                    <Badge variant="outline" color="gray" maw="100%" tt="none">
                      {changeText(op)}
                    </Badge>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {formatDate(op.startedAt)}
                  </Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  {op.errorMessage && (
                    <Text size="sm" c="red" style={{ overflowWrap: "anywhere" }}>
                      {op.errorMessage}
                    </Text>
                  )}
                  {op.startedBy && (
                    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                      Started {actorPhrase(op.startedBy)}
                    </Text>
                  )}
                  <Group gap="sm">
                    <Button
                      size="xs"
                      variant="light"
                      component={Link}
                      to={`/operations/${encodeURIComponent(op.operationId)}`}
                      leftSection={<IconExternalLink size={14} aria-hidden />}
                    >
                      Open operation
                    </Button>
                    {rollbackable.has(op.operationId) && (
                      <Button
                        size="xs"
                        variant="light"
                        color="orange"
                        leftSection={<IconArrowBackUp size={14} aria-hidden />}
                        onClick={() => setRollbackOf(op)}
                      >
                        Roll back
                      </Button>
                    )}
                    {op.batchGroupId && !batch && (
                      <Anchor
                        component={Link}
                        size="sm"
                        to={`/history?batch=${encodeURIComponent(op.batchGroupId)}`}
                      >
                        Whole batch
                      </Anchor>
                    )}
                  </Group>
                  {open === op.operationId && (
                    <OperationTimeline id={op.operationId} status={op.status} />
                  )}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
      <Group justify="space-between">
        <Button
          variant="default"
          disabled={cursors.length <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </Button>
        <Button
          variant="default"
          disabled={!data?.operations.pageInfo.hasNextPage}
          onClick={() => {
            const end = data?.operations.pageInfo.endCursor;
            if (end) setCursors([...cursors, end]);
          }}
        >
          Older
        </Button>
      </Group>
      <ConfirmDialog
        opened={rollbackOf !== null}
        title={`Roll back ${rollbackOf?.containerName ?? ""}?`}
        confirmLabel="Roll back"
        color="orange"
        loading={busy}
        onClose={() => setRollbackOf(null)}
        onConfirm={async () => {
          const target = rollbackOf;
          if (!target) return;
          await start("Rollback refused", async () => {
            const r = await rollback({ input: { operationId: target.operationId } });
            return { error: r.error, started: r.data?.rollbackOperation };
          });
          setRollbackOf(null);
        }}
      >
        <Text>{rollbackOf && rollbackText(rollbackOf, parseMembers(rollbackOf.batchDetails))}</Text>
      </ConfirmDialog>
    </Stack>
  );
}
