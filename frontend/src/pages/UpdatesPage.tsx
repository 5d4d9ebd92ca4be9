import {
  Affix,
  Anchor,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  Transition,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useCallback, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { HealthQuery } from "../components/HealthBanner";
import { UpdateFiltersBar } from "../components/UpdateFiltersBar";
import { CheckNow } from "../components/updates/CheckNow";
import { ContainerRow, type RowAction } from "../components/updates/ContainerRow";
import { SummaryBar } from "../components/updates/SummaryBar";
import {
  ContainerVersionPicker,
  type DialogText,
  rollbackDialogText,
  updateDialogText,
  useUpdateActions,
} from "../components/updates/UpdateActions";
import { graphql } from "../gql";
import type { ContainerFieldsFragment } from "../gql/graphql";
import { notifyError } from "../hooks/useOperationStarter";
import { FixComposeMismatchMutation } from "../lib/documents";
import { updatesEmptyText } from "../lib/emptyStates";
import { fromCombined, userError } from "../lib/errors";
import {
  containerKey,
  countByStatus,
  groupByStack,
  hostsOf,
  matches,
  NO_FILTERS,
  stackPath,
  type UpdateFilters,
} from "../lib/filters";
import { lastCheckAt } from "../lib/format";

export const UpdatesQuery = graphql(`
  query Updates {
    containers {
      ...ContainerFields
    }
    status {
      lastCacheRefresh
      lastBackgroundRun
      checking
      nextCheck
    }
    policies {
      containers {
        container
        host
        canRollback
        lastOperationId
      }
    }
  }
`);

const UpdateContainersMutation = graphql(`
  mutation UpdateContainers($input: UpdateContainersInput!) {
    updateContainers(input: $input) {
      __typename
      ... on BatchUpdateStarted {
        batchGroupId
        operations {
          stack
          operationId
          containers
        }
        skipped {
          container
          reason
        }
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const RecheckMutation = graphql(`
  mutation Recheck($input: RecheckContainerInput!) {
    recheckContainer(input: $input) {
      __typename
      ... on Container {
        ...ContainerFields
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

type Pending =
  | { kind: "update"; container: ContainerFieldsFragment; version?: string }
  | { kind: "rollback"; container: ContainerFieldsFragment; operationId: string }
  | { kind: "fix-mismatch"; container: ContainerFieldsFragment }
  | { kind: "batch"; containers: ContainerFieldsFragment[] };

function RowsSkeleton() {
  return (
    <Stack aria-busy="true" aria-label="Loading containers">
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} height={84} radius="md" />
      ))}
    </Stack>
  );
}

export function UpdatesPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: UpdatesQuery });
  // The banner's own query (same document, so urql answers both from one request).
  const [{ data: health }] = useQuery({ query: HealthQuery });
  const dockerDown = health?.health.services?.docker === false;
  const [filters, setFilters] = useState<UpdateFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const { start, busy, update, rollback } = useUpdateActions();
  const navigate = useNavigate();
  const [, updateMany] = useMutation(UpdateContainersMutation);
  const [, fixMismatch] = useMutation(FixComposeMismatchMutation);
  const [, recheck] = useMutation(RecheckMutation);

  const [picking, setPicking] = useState<ContainerFieldsFragment | null>(null);
  const containers = data?.containers ?? [];
  const counts = useMemo(() => countByStatus(containers), [containers]);
  const stacks = useMemo(
    () => [...new Set(containers.flatMap((c) => (c.stack ? [c.stack] : [])))].sort(),
    [containers],
  );
  const hosts = useMemo(() => hostsOf(containers), [containers]);
  const visible = useMemo(
    () => containers.filter((c) => matches(c, filters)),
    [containers, filters],
  );
  const groups = useMemo(() => groupByStack(visible), [visible]);
  const rollbackable = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of data?.policies.containers ?? []) {
      if (p.canRollback)
        map.set(containerKey({ name: p.container, host: p.host }), p.lastOperationId);
    }
    return map;
  }, [data]);

  const refresh = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);

  function onAction(c: ContainerFieldsFragment, action: RowAction) {
    switch (action.kind) {
      case "update":
        setPending({
          kind: "update",
          container: c,
          ...(action.version ? { version: action.version } : {}),
        });
        break;
      case "pin":
        setPending({ kind: "update", container: c, version: action.tag });
        break;
      case "rollback":
        setPending({ kind: "rollback", container: c, operationId: action.operationId });
        break;
      case "fix-mismatch":
        setPending({ kind: "fix-mismatch", container: c });
        break;
      case "pick-version":
        setPicking(c);
        break;
      case "recheck":
        void recheck({ input: { container: c.name, host: c.host } }).then((r) => {
          const refused = r.error ? fromCombined(r.error) : userError(r.data?.recheckContainer);
          if (refused) notifyError(`Recheck of ${c.name} failed`, refused.message, refused.code);
          else notifications.show({ message: `${c.name} rechecked` });
        });
        break;
    }
  }

  async function confirm() {
    const p = pending;
    if (!p) return;
    if (p.kind === "update") {
      await update(p.container, p.version);
    } else if (p.kind === "rollback") {
      await rollback(p.container, p.operationId);
    } else if (p.kind === "fix-mismatch") {
      await start(`Fixing ${p.container.name} refused`, async () => {
        const r = await fixMismatch({
          input: { container: p.container.name, host: p.container.host },
        });
        return { error: r.error, started: r.data?.fixComposeMismatch };
      });
    } else {
      const r = await updateMany({
        input: {
          containers: p.containers.map((c) => ({ container: c.name, host: c.host })),
        },
      });
      const answer = r.data?.updateContainers;
      const refused = r.error ? fromCombined(r.error) : userError(answer);
      if (refused) {
        notifyError("Batch update refused", refused.message, refused.code);
      } else if (answer?.__typename === "BatchUpdateStarted") {
        for (const s of answer.skipped) {
          notifications.show({
            color: "yellow",
            title: `${s.container} skipped`,
            message: s.reason,
          });
        }
        setSelected(new Set());
        const only = answer.operations.length === 1 ? answer.operations[0] : undefined;
        navigate(
          only
            ? `/operations/${encodeURIComponent(only.operationId)}`
            : `/history?batch=${encodeURIComponent(answer.batchGroupId)}`,
        );
      }
    }
    setPending(null);
  }

  const selectedContainers = containers.filter(
    (c) => selected.has(containerKey(c)) && c.status === "UPDATE_AVAILABLE",
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <Title order={2}>Updates</Title>
      </Group>
      <CheckNow
        lastCheck={data ? lastCheckAt(data.status) : null}
        checking={data?.status.checking ?? false}
        onFinished={refresh}
      />
      <ErrorAlert error={error} title="Could not load the containers" />
      {data && (
        <SummaryBar
          counts={counts}
          selected={filters.status}
          onSelect={(status) => setFilters({ ...filters, status })}
        />
      )}
      <UpdateFiltersBar
        value={filters}
        onChange={setFilters}
        stacks={stacks}
        hasStandalone={containers.some((c) => !c.stack)}
        hosts={hosts}
      />
      {!data && fetching && <RowsSkeleton />}
      {data && visible.length === 0 && (
        <Paper withBorder p="lg">
          <Text c="dimmed">{updatesEmptyText(containers.length, dockerDown)}</Text>
        </Paper>
      )}
      {groups.map((g) => (
        <section
          key={g.stack ?? "standalone"}
          aria-label={g.stack ? `Stack ${g.stack}` : "Standalone containers"}
        >
          <Title order={3} size="h4" mb="xs">
            {g.stack ? (
              <Anchor
                component={Link}
                to={stackPath(g.stack, g.containers[0]?.host)}
                inherit
                underline="always"
                aria-label={`Stack ${g.stack}: containers and policies`}
              >
                {g.stack}
              </Anchor>
            ) : (
              "Standalone"
            )}{" "}
            <Text span c="dimmed" size="sm">
              ({g.containers.length})
            </Text>
          </Title>
          <Stack gap="xs" component="ul" p={0} m={0}>
            {g.containers.map((c) => (
              <ContainerRow
                key={containerKey(c)}
                container={c}
                showHost={hosts.length > 1}
                selected={selected.has(containerKey(c))}
                onSelect={(on) => {
                  const next = new Set(selected);
                  if (on) next.add(containerKey(c));
                  else next.delete(containerKey(c));
                  setSelected(next);
                }}
                onAction={(a) => onAction(c, a)}
                rollbackOperationId={rollbackable.get(containerKey(c)) ?? null}
                busy={busy}
              />
            ))}
          </Stack>
        </section>
      ))}
      <Affix position={{ bottom: 16, right: 16 }}>
        <Transition transition="slide-up" mounted={selectedContainers.length > 0}>
          {(styles) => (
            <Paper shadow="md" p="sm" withBorder style={styles}>
              <Group gap="sm">
                <Text size="sm">{selectedContainers.length} selected</Text>
                <Button variant="default" size="xs" onClick={() => setSelected(new Set())}>
                  Clear selection
                </Button>
                <Button
                  size="xs"
                  onClick={() => setPending({ kind: "batch", containers: selectedContainers })}
                >
                  Update selected
                </Button>
              </Group>
            </Paper>
          )}
        </Transition>
      </Affix>
      <ContainerVersionPicker
        container={picking}
        busy={busy}
        onClose={() => setPicking(null)}
        onPick={async (tag) => {
          if (picking) await update(picking, tag);
          setPicking(null);
        }}
      />
      <ConfirmDialog
        opened={pending !== null}
        onClose={() => setPending(null)}
        onConfirm={confirm}
        loading={busy}
        {...dialogText(pending)}
      />
    </Stack>
  );
}

function dialogText(p: Pending | null): DialogText {
  if (!p) return { title: "", confirmLabel: "", children: null };
  switch (p.kind) {
    case "update":
      return updateDialogText(p.container, p.version);
    case "rollback":
      return rollbackDialogText(p.container);
    case "fix-mismatch":
      return {
        title: `Fix the compose mismatch of ${p.container.name}?`,
        confirmLabel: "Fix mismatch",
        color: "grape",
        children: (
          <Text>
            {p.container.name} is recreated from its compose file
            {p.container.composeImage ? ` with ${p.container.composeImage}` : ""}.
          </Text>
        ),
      };
    case "batch":
      return {
        title: `Update ${p.containers.length} containers?`,
        confirmLabel: `Update ${p.containers.length}`,
        children: (
          <Text>
            {p.containers.map((c) => c.name).join(", ")} are updated as one batch (one operation per
            stack).
          </Text>
        ),
      };
  }
}
