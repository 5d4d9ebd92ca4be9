import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlayerPlay, IconPlayerStop, IconRefresh, IconTrash } from "@tabler/icons-react";
import { lazy, Suspense, useCallback, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useClient, useMutation, useQuery } from "urql";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { actionDoneNotice, actionStartedNotice } from "../components/container/actionNotice";
import { JsonTree } from "../components/container/JsonTree";
import { LabelsEditor, type Validator } from "../components/container/LabelsEditor";
import { LogsPanel } from "../components/container/LogsPanel";
import { ErrorAlert } from "../components/ErrorAlert";
import { breadcrumbName, PageBreadcrumbs } from "../components/PageBreadcrumbs";
import { PolicyScopePanel } from "../components/policies/PolicyScopePanel";
import { HealthBadge, StatusBadge } from "../components/StatusBadge";
import { ContainerUpdateActions } from "../components/updates/UpdateActions";
import { graphql } from "../gql";
import type { TypedLabelsInput } from "../gql/graphql";
import { notifyError, useOperationStarter } from "../hooks/useOperationStarter";
import { containerMissing, scriptsEmptyText } from "../lib/emptyStates";
import { fromCombined, userError } from "../lib/errors";
import { DEFAULT_HOST, stackPath } from "../lib/filters";
import { formatDate } from "../lib/format";

// The charts library is most of this screen's code: fetched when the Stats
// tab is first opened.
const StatsPanel = lazy(() =>
  import("../components/container/StatsPanel").then((m) => ({ default: m.StatsPanel })),
);

export const ContainerQuery = graphql(`
  query ContainerPage($name: String!, $host: String) {
    container(name: $name, host: $host) {
      ...ContainerFields
    }
    containerInspect(name: $name, host: $host) {
      id
      name
      image
      imageId
      state
      running
      health
      restartCount
      startedAt
      stack
      service
      labels {
        key
        value
      }
    }
    policies(host: $host) {
      containers {
        container
        host
        canRollback
        lastOperationId
      }
    }
  }
`);

const InspectQuery = graphql(`
  query ContainerInspectFull($name: String!, $host: String) {
    containerInspect(name: $name, host: $host) {
      id
      name
      image
      imageId
      state
      running
      health
      restartCount
      exitCode
      startedAt
      finishedAt
      created
      stack
      service
      labels {
        key
        value
      }
      env
      command
      entrypoint
      workingDir
      user
      hostname
      mounts {
        type
        name
        source
        destination
        rw
      }
      networkMode
      networks
      ports {
        containerPort
        protocol
        hostIp
        hostPort
      }
      restartPolicy {
        name
        maximumRetryCount
      }
      healthcheck {
        test
        intervalNs
        timeoutNs
        startPeriodNs
        retries
      }
      platform
    }
  }
`);

const ValidateLabelsQuery = graphql(`
  query ValidateLabels($input: ValidateLabelsInput!) {
    validateLabels(input: $input) {
      valid
      problems {
        label
        message
      }
    }
  }
`);

const SetLabelsMutation = graphql(`
  mutation SetLabels($input: SetLabelsInput!) {
    setLabels(input: $input) {
      ...OperationStart
    }
  }
`);

const ScriptsQuery = graphql(`
  query Scripts {
    scripts {
      relativePath
      executable
    }
    scriptsFolder {
      path
      state
    }
    scriptAssignments {
      containerName
      host
      scriptPath
      enabled
    }
  }
`);

const AssignScriptMutation = graphql(`
  mutation AssignScript($input: AssignScriptInput!) {
    assignScript(input: $input) {
      __typename
      ... on ScriptAssignment {
        containerName
        scriptPath
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const UnassignScriptMutation = graphql(`
  mutation UnassignScript($input: UnassignScriptInput!) {
    unassignScript(input: $input) {
      __typename
      ... on UserError {
        message
        code
      }
    }
  }
`);

const ActionFields = graphql(`
  fragment ActionFields on ContainerActionResult {
    __typename
    ... on ContainerActionSuccess {
      status
      operationId
      message
    }
    ... on UserError {
      message
      code
    }
  }
`);
void ActionFields;

const StartMutation = graphql(`
  mutation StartContainer($input: StartContainerInput!) {
    startContainer(input: $input) {
      ...ActionFields
    }
  }
`);
const StopMutation = graphql(`
  mutation StopContainer($input: StopContainerInput!) {
    stopContainer(input: $input) {
      ...ActionFields
    }
  }
`);
const RestartMutation = graphql(`
  mutation RestartContainer($input: RestartContainerInput!) {
    restartContainer(input: $input) {
      ...ActionFields
    }
  }
`);
const RemoveMutation = graphql(`
  mutation RemoveContainer($input: RemoveContainerInput!) {
    removeContainer(input: $input) {
      ...ActionFields
    }
  }
`);

type Action = "start" | "stop" | "restart" | "remove";

const ACTION_TEXT: Record<Action, { title: string; body: string; color: string }> = {
  start: { title: "Start", body: "The container starts.", color: "green" },
  stop: {
    title: "Stop",
    body: "The container is stopped (10 s to exit, then killed).",
    color: "orange",
  },
  restart: { title: "Restart", body: "The container is stopped and started again.", color: "blue" },
  remove: {
    title: "Remove",
    body: "The container is deleted (its volumes are kept). This cannot be undone.",
    color: "red",
  },
};

function ScriptAssignment({ name, host }: { name: string; host: string | null }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ScriptsQuery });
  const [{ fetching: saving }, assign] = useMutation(AssignScriptMutation);
  const [, unassign] = useMutation(UnassignScriptMutation);
  const current =
    data?.scriptAssignments.find(
      (a) => a.containerName === name && a.host === (host ?? DEFAULT_HOST),
    ) ?? null;
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? current?.scriptPath ?? null;

  async function save() {
    const r = value
      ? await assign({ input: { container: name, host, script: value } }).then((x) => ({
          error: x.error,
          result: x.data?.assignScript,
        }))
      : await unassign({ input: { container: name, host } }).then((x) => ({
          error: x.error,
          result: x.data?.unassignScript,
        }));
    const refused = r.error ? fromCombined(r.error) : userError(r.result);
    if (refused) {
      notifyError("Saving the script failed", refused.message, refused.code);
      return;
    }
    notifications.show({
      color: "green",
      message: value ? `${value} runs before each update of ${name}` : `No script for ${name}`,
    });
    setChoice(null);
    refetch({ requestPolicy: "network-only" });
  }

  if (error) return <ErrorAlert error={error} title="Could not list the scripts" />;
  if (!data && fetching) return <Skeleton height={60} aria-label="Loading scripts" />;
  const empty = data ? scriptsEmptyText(data.scriptsFolder, data.scripts.length) : null;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        A script from SCRIPTS_DIR runs before each update; a non-zero exit blocks the update and its
        output is shown on the Updates page.
      </Text>
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Pre-update script"
          placeholder={empty ? "No script to pick" : "No script"}
          description={empty}
          clearable
          data={(data?.scripts ?? []).map((s) => ({
            value: s.relativePath,
            label: s.executable ? s.relativePath : `${s.relativePath} (not executable)`,
          }))}
          value={value}
          onChange={(v) => setChoice(v ?? "")}
          w={{ base: "100%", xs: 300 }}
        />
        <Button
          onClick={save}
          loading={saving}
          disabled={(value ?? "") === (current?.scriptPath ?? "")}
        >
          Save script
        </Button>
      </Group>
    </Stack>
  );
}

function InspectPanel({ name, host }: { name: string; host: string | null }) {
  const [{ data, fetching, error }] = useQuery({
    query: InspectQuery,
    variables: { name, host },
  });
  if (error) return <ErrorAlert error={error} title="Could not inspect the container" />;
  if (!data && fetching) return <Skeleton height={200} aria-label="Loading inspect data" />;
  if (!data?.containerInspect) return <Text c="dimmed">No such container.</Text>;
  return (
    <Paper withBorder p="sm" style={{ overflowX: "hidden" }}>
      <JsonTree name={name} value={data.containerInspect} open />
    </Paper>
  );
}

export function ContainerPage() {
  const { name = "" } = useParams();
  // Another host's container: every query and action names that host.
  const [params] = useSearchParams();
  const host = params.get("host") || null;
  const navigate = useNavigate();
  const client = useClient();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ContainerQuery,
    variables: { name, host },
  });
  const { start, busy } = useOperationStarter();
  const [, setLabels] = useMutation(SetLabelsMutation);
  const [, startC] = useMutation(StartMutation);
  const [, stopC] = useMutation(StopMutation);
  const [, restartC] = useMutation(RestartMutation);
  const [, removeC] = useMutation(RemoveMutation);
  const [pending, setPending] = useState<Action | null>(null);
  const [acting, setActing] = useState(false);
  const container = data?.container;
  const inspect = data?.containerInspect;

  const validate: Validator = useCallback(
    async (typed: TypedLabelsInput) => {
      const r = await client
        .query(
          ValidateLabelsQuery,
          { input: { container: name, host, typed } },
          { requestPolicy: "network-only" },
        )
        .toPromise();
      if (r.error) return { error: fromCombined(r.error) };
      return { problems: r.data?.validateLabels.problems ?? [] };
    },
    [client, name, host],
  );

  async function saveLabels(typed: TypedLabelsInput) {
    await start(`Label change on ${name} refused`, async () => {
      const r = await setLabels({ input: { container: name, host, typed } });
      return { error: r.error, started: r.data?.setLabels };
    });
  }

  async function act(action: Action) {
    setActing(true);
    // Each action is an operation that may take a while (a stop waits up to
    // 10 s) and the status badge alone says nothing of it: a notice says it
    // started, then its outcome with the operation it was recorded as.
    const notice = `${action}-${host ?? ""}-${name}`;
    notifications.show(actionStartedNotice(notice, ACTION_TEXT[action].title, name));
    try {
      const r =
        action === "start"
          ? await startC({ input: { container: name, host } }).then((x) => ({
              error: x.error,
              result: x.data?.startContainer,
            }))
          : action === "stop"
            ? await stopC({ input: { container: name, host } }).then((x) => ({
                error: x.error,
                result: x.data?.stopContainer,
              }))
            : action === "restart"
              ? await restartC({ input: { container: name, host } }).then((x) => ({
                  error: x.error,
                  result: x.data?.restartContainer,
                }))
              : await removeC({ input: { container: name, host } }).then((x) => ({
                  error: x.error,
                  result: x.data?.removeContainer,
                }));
      const refused = r.error ? fromCombined(r.error) : userError(r.result);
      if (refused) {
        notifications.hide(notice);
        notifyError(
          `${ACTION_TEXT[action].title} of ${name} failed`,
          refused.message,
          refused.code,
        );
        return;
      }
      const done = r.result?.__typename === "ContainerActionSuccess" ? r.result : null;
      if (done?.status.endsWith("ING")) {
        notifications.hide(notice);
        navigate(`/operations/${encodeURIComponent(done.operationId)}`);
        return;
      }
      if (done) {
        notifications.update(
          actionDoneNotice(
            notice,
            ACTION_TEXT[action].title,
            name,
            done.message,
            done.operationId,
            navigate,
          ),
        );
      } else {
        notifications.hide(notice);
        notifications.show({ color: "green", message: `${name}: done` });
      }
      if (action === "remove") navigate("/");
      else refetch({ requestPolicy: "network-only" });
    } finally {
      setActing(false);
      setPending(null);
    }
  }

  // What the Updates page offers as "Roll back last update", from the same overview.
  const rollbackOperationId =
    (container &&
      data?.policies.containers.find(
        (p) => p.canRollback && p.container === container.name && p.host === container.host,
      )?.lastOperationId) ||
    null;
  const labels = inspect?.labels ?? container?.labels ?? [];
  const running = inspect?.running ?? container?.state === "running";
  const stackName = inspect?.stack ?? container?.stack;
  // Docker cannot relabel a container; Docksmith does it by editing the
  // compose file and recreating, so without one the editor only shows.
  const labelsReadOnly =
    inspect && !(inspect.stack && inspect.service)
      ? `${inspect.name} is not managed by docker compose: Docker cannot change a container's labels, so Docksmith changes them in the compose file and recreates the container from it. Run it from a compose file to manage its labels here.`
      : null;

  return (
    <Stack gap="md">
      <PageBreadcrumbs parent="Updates" to="/" current={breadcrumbName(name, host)} />
      <ErrorAlert error={error} title="Could not load the container" />
      {!data && fetching && (
        <Stack aria-busy="true" aria-label="Loading container">
          <Skeleton height={36} width="50%" />
          <Skeleton height={90} />
          <Skeleton height={300} />
        </Stack>
      )}
      {containerMissing(Boolean(data), Boolean(container || inspect), Boolean(error)) && (
        <Text role="alert">
          No container is named {name}
          {host ? ` on host ${host}` : ""}.
        </Text>
      )}
      {(container || inspect) && (
        <>
          <Group justify="space-between" wrap="wrap" align="flex-start">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Title order={2} style={{ overflowWrap: "anywhere" }}>
                {name}
              </Title>
              <Group gap="xs" wrap="wrap">
                {host && host !== DEFAULT_HOST && (
                  <Badge variant="outline" color="gray" tt="none" aria-label={`Host ${host}`}>
                    {host}
                  </Badge>
                )}
                {container && <StatusBadge status={container.status} />}
                <HealthBadge health={inspect?.health ?? container?.health} />
                <Text size="sm" c="dimmed">
                  {inspect?.state ?? container?.state ?? "unknown state"}
                  {inspect?.startedAt && running ? ` since ${formatDate(inspect.startedAt)}` : ""}
                </Text>
              </Group>
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                <Code>{inspect?.image ?? container?.image}</Code>
                {stackName && (
                  <>
                    {" · stack "}
                    <Anchor
                      component={Link}
                      to={stackPath(stackName, host)}
                      inherit
                      underline="always"
                    >
                      {stackName}
                    </Anchor>
                  </>
                )}
              </Text>
              {container?.reason && (
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {container.reason}
                </Text>
              )}
            </Stack>
            <Group gap="xs" wrap="wrap" role="group" aria-label="Container actions">
              {running ? (
                <Button
                  variant="light"
                  color="orange"
                  leftSection={<IconPlayerStop size={16} aria-hidden />}
                  onClick={() => setPending("stop")}
                >
                  Stop
                </Button>
              ) : (
                <Button
                  variant="light"
                  color="green"
                  leftSection={<IconPlayerPlay size={16} aria-hidden />}
                  onClick={() => setPending("start")}
                >
                  Start
                </Button>
              )}
              <Button
                variant="light"
                leftSection={<IconRefresh size={16} aria-hidden />}
                onClick={() => setPending("restart")}
              >
                Restart
              </Button>
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => setPending("remove")}
              >
                Remove
              </Button>
            </Group>
          </Group>
          {container && (
            <ContainerUpdateActions
              container={container}
              rollbackOperationId={rollbackOperationId}
            />
          )}

          <Tabs defaultValue="labels" keepMounted={false}>
            <Tabs.List aria-label="Container details">
              <Tabs.Tab value="labels">Labels</Tabs.Tab>
              <Tabs.Tab value="policies">Policies</Tabs.Tab>
              <Tabs.Tab value="script">Script</Tabs.Tab>
              <Tabs.Tab value="logs">Logs</Tabs.Tab>
              <Tabs.Tab value="stats">Stats</Tabs.Tab>
              <Tabs.Tab value="inspect">Inspect</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="labels" pt="md">
              <LabelsEditor
                labels={labels}
                validate={validate}
                onSave={saveLabels}
                saving={busy}
                readOnly={labelsReadOnly}
              />
            </Tabs.Panel>
            <Tabs.Panel value="policies" pt="md">
              <PolicyScopePanel entityType="CONTAINER" entityId={name} host={host} />
            </Tabs.Panel>
            <Tabs.Panel value="script" pt="md">
              <ScriptAssignment name={name} host={host} />
            </Tabs.Panel>
            <Tabs.Panel value="logs" pt="md">
              <LogsPanel name={name} host={host} />
            </Tabs.Panel>
            <Tabs.Panel value="stats" pt="md">
              <Suspense
                fallback={
                  <Skeleton height={160} aria-busy="true" aria-label="Loading the charts" />
                }
              >
                <StatsPanel name={name} host={host} />
              </Suspense>
            </Tabs.Panel>
            <Tabs.Panel value="inspect" pt="md">
              <InspectPanel name={name} host={host} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
      <ConfirmDialog
        opened={pending !== null}
        title={pending ? `${ACTION_TEXT[pending].title} ${name}?` : ""}
        confirmLabel={pending ? ACTION_TEXT[pending].title : ""}
        color={pending ? ACTION_TEXT[pending].color : "blue"}
        loading={acting}
        onClose={() => setPending(null)}
        onConfirm={() => pending && act(pending)}
      >
        <Text>{pending ? ACTION_TEXT[pending].body : ""}</Text>
      </ConfirmDialog>
    </Stack>
  );
}
