import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { ApiTokensSection } from "../components/auth/ApiTokens";
import { UsersSection } from "../components/auth/Users";
import { ErrorAlert } from "../components/ErrorAlert";
import { PolicyScopePanel, SaveRollbackPolicy } from "../components/policies/PolicyScopePanel";
import { AutoUpdateSection } from "../components/settings/AutoUpdateSection";
import { HostsPanel } from "../components/settings/HostsPanel";
import { graphql } from "../gql";
import type { PolicyEntityType } from "../gql/graphql";
import { notifyError } from "../hooks/useOperationStarter";
import { fromCombined, userError } from "../lib/errors";
import { DEFAULT_HOST } from "../lib/filters";
import { formatDate } from "../lib/format";

export const SettingsQuery = graphql(`
  query Settings {
    health {
      version
      status
    }
    status {
      checkInterval
      cacheTtl
      lastBackgroundRun
      nextCheck
    }
    dockerConfig {
      configPath
      configFound
      registries
      credHelpers {
        key
        value
      }
      credsStore
      githubToken
      error
      insecureRegistries
      rateLimits
      registriesInUse {
        registry
        containers
        credentialsFound
        credentialSource
      }
    }
    hosts {
      name
      url
      source
      status
      error
      readOnlyReason
    }
    policies {
      policies {
        entityType
        entityId
        host
        autoRollbackEnabled
        healthTimeoutSeconds
        stabilityWindowSeconds
        updatedAt
      }
    }
    autoUpdate {
      schedule
      timezone
      defaultMinAge
      nextRun
      policies {
        entityType
        entityId
        host
        level
        minAge
        maintenanceWindow
      }
    }
  }
`);

interface PolicyRow {
  entityType: PolicyEntityType;
  entityId: string;
  host: string;
  autoRollbackEnabled: boolean;
  healthTimeoutSeconds: number;
  stabilityWindowSeconds: number;
}

const ENTITY_LABEL: Record<PolicyEntityType, string> = {
  GLOBAL: "Global",
  STACK: "Stack",
  CONTAINER: "Container",
};

function policyName(p: { entityType: PolicyEntityType; entityId: string; host: string }): string {
  if (p.entityType === "GLOBAL") return "Global";
  const where = p.host !== DEFAULT_HOST ? ` (${p.host})` : "";
  return `${ENTITY_LABEL[p.entityType]} ${p.entityId}${where}`;
}

/** One policy's editable fields; saved with setRollbackPolicy on the
 * policy's own host (the engine looks a stack's or container's policy up
 * under the container's host, so saving without it would write a second
 * policy for the default host and leave this one as it was). */
export function PolicyEditor({ policy, onSaved }: { policy: PolicyRow; onSaved: () => void }) {
  const [auto, setAuto] = useState(policy.autoRollbackEnabled);
  const [timeout, setTimeoutValue] = useState<number | string>(policy.healthTimeoutSeconds);
  const [window, setWindow] = useState<number | string>(policy.stabilityWindowSeconds);
  const [{ fetching }, save] = useMutation(SaveRollbackPolicy);
  const name = policyName(policy);
  const dirty =
    auto !== policy.autoRollbackEnabled ||
    Number(timeout) !== policy.healthTimeoutSeconds ||
    Number(window) !== policy.stabilityWindowSeconds;

  async function submit() {
    const r = await save({
      input: {
        entityType: policy.entityType,
        entityId: policy.entityId,
        host: policy.host,
        autoRollback: auto,
        healthTimeoutSeconds: Number(timeout),
        stabilityWindowSeconds: Number(window),
      },
    });
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.setRollbackPolicy);
    if (refused) {
      notifyError(`Saving the ${name} policy failed`, refused.message, refused.code);
      return;
    }
    notifications.show({ color: "green", message: `${name} policy saved` });
    onSaved();
  }

  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      aria-label={`${name} policy`}
      style={{ listStyle: "none" }}
    >
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Text fw={600} w={{ base: "100%", sm: 180 }} style={{ overflowWrap: "anywhere" }}>
          {name}
        </Text>
        <Switch
          label="Automatic rollback"
          checked={auto}
          onChange={(e) => setAuto(e.currentTarget.checked)}
        />
        <NumberInput
          label="Health timeout (s)"
          min={1}
          value={timeout}
          onChange={setTimeoutValue}
          w={150}
        />
        <NumberInput
          label="Stability window (s)"
          min={0}
          value={window}
          onChange={setWindow}
          w={150}
        />
        <Button
          size="sm"
          onClick={submit}
          loading={fetching}
          disabled={!dirty}
          aria-label={`Save ${name} policy`}
        >
          Save
        </Button>
      </Group>
    </Paper>
  );
}

/** A new stack or container policy, on the host the stack or container
 * runs on (the engine looks it up under that host). The host picker shows
 * when there is more than one, as the Explorer's does. */
export function NewPolicy({ hosts, onSaved }: { hosts: string[]; onSaved: () => void }) {
  const [type, setType] = useState<PolicyEntityType>("STACK");
  const [id, setId] = useState("");
  const [host, setHost] = useState(DEFAULT_HOST);
  const [auto, setAuto] = useState(true);
  const [{ fetching }, save] = useMutation(SaveRollbackPolicy);
  async function submit() {
    const r = await save({
      input: { entityType: type, entityId: id.trim(), host, autoRollback: auto },
    });
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.setRollbackPolicy);
    if (refused) {
      notifyError("Adding the policy failed", refused.message, refused.code);
      return;
    }
    notifications.show({ color: "green", message: "Policy added" });
    setId("");
    onSaved();
  }
  return (
    <Group align="flex-end" wrap="wrap" gap="sm" role="group" aria-label="Add a policy">
      <Select
        label="Applies to"
        data={[
          { value: "STACK", label: "Stack" },
          { value: "CONTAINER", label: "Container" },
        ]}
        value={type}
        onChange={(v) => setType((v as PolicyEntityType | null) ?? "STACK")}
        allowDeselect={false}
        w={140}
      />
      {hosts.length > 1 && (
        <Select
          label="Host"
          data={hosts}
          value={host}
          onChange={(v) => setHost(v ?? DEFAULT_HOST)}
          allowDeselect={false}
          w={{ base: "100%", xs: 160 }}
        />
      )}
      <TextInput
        label={type === "STACK" ? "Stack name" : "Container name"}
        value={id}
        onChange={(e) => setId(e.currentTarget.value)}
        w={{ base: "100%", xs: 200 }}
      />
      <Switch
        label="Automatic rollback"
        checked={auto}
        onChange={(e) => setAuto(e.currentTarget.checked)}
      />
      <Button onClick={submit} loading={fetching} disabled={!id.trim()}>
        Add policy
      </Button>
    </Group>
  );
}

function rateLimitRows(raw: unknown): { host: string; values: [string, string][] }[] {
  if (typeof raw !== "object" || raw === null) return [];
  return Object.entries(raw as Record<string, unknown>).map(([host, budget]) => ({
    host,
    values:
      typeof budget === "object" && budget !== null
        ? Object.entries(budget as Record<string, unknown>).map(
            ([k, v]) => [k, v === null ? "–" : String(v)] as [string, string],
          )
        : [],
  }));
}

export function SettingsPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SettingsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const config = data?.dockerConfig;
  const limits = rateLimitRows(config?.rateLimits);

  return (
    <Stack gap="lg">
      <Title order={2}>Settings</Title>
      <ErrorAlert error={error} title="Could not load the settings" />
      {!data && fetching && (
        <Stack aria-busy="true" aria-label="Loading settings">
          <Skeleton height={100} />
          <Skeleton height={160} />
          <Skeleton height={120} />
        </Stack>
      )}
      {data && (
        <>
          <section aria-labelledby="settings-checks">
            <Title order={3} size="h4" id="settings-checks" mb="xs">
              Checks
            </Title>
            <Paper withBorder p="sm">
              <Table variant="vertical" layout="fixed" aria-label="Check settings">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={{ base: 130, sm: 200 }}>Check interval</Table.Th>
                    <Table.Td>
                      <Code>{data.status.checkInterval}</Code> (CHECK_INTERVAL)
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Cache TTL</Table.Th>
                    <Table.Td>
                      <Code>{data.status.cacheTtl}</Code> (CACHE_TTL)
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Last background run</Table.Th>
                    <Table.Td>{formatDate(data.status.lastBackgroundRun)}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Next check</Table.Th>
                    <Table.Td>{formatDate(data.status.nextCheck)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Paper>
          </section>

          <section aria-labelledby="settings-registries">
            <Title order={3} size="h4" id="settings-registries" mb="xs">
              Registries and credentials
            </Title>
            <Paper withBorder p="sm">
              <Stack gap="xs">
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  Docker config <Code>{config?.configPath}</Code>:{" "}
                  {config?.configFound ? "found" : "not found (anonymous pulls)"}
                </Text>
                {config?.error && (
                  <Text size="sm" c="red">
                    {config.error}
                  </Text>
                )}
                <Text size="sm" fw={600}>
                  Registries in use
                </Text>
                {config && config.registriesInUse.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None yet: run a check first.
                  </Text>
                ) : (
                  <Stack gap={4} component="ul" p={0} m={0} aria-label="Registries in use">
                    {config?.registriesInUse.map((r) => (
                      <Group
                        key={r.registry}
                        component="li"
                        gap="xs"
                        wrap="wrap"
                        style={{ listStyle: "none" }}
                      >
                        <Code>{r.registry}</Code>
                        <Badge
                          variant="light"
                          color={r.credentialsFound ? "green" : "gray"}
                          style={{ textTransform: "none" }}
                        >
                          {r.credentialsFound
                            ? `credentials found (${r.credentialSource})`
                            : "anonymous"}
                        </Badge>
                        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                          {r.containers.length} container{r.containers.length === 1 ? "" : "s"}:{" "}
                          {r.containers.join(", ")}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                )}
                <Text size="sm" fw={600}>
                  Credentials configured for
                </Text>
                {config && config.registries.length === 0 && config.credHelpers.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No registry: every registry is asked anonymously.
                  </Text>
                ) : (
                  <Group gap="xs" wrap="wrap">
                    {config?.registries.map((r) => (
                      <Badge
                        key={r}
                        variant="light"
                        color="green"
                        style={{ textTransform: "none" }}
                      >
                        {r}
                      </Badge>
                    ))}
                    {config?.credHelpers.map((h) => (
                      <Badge
                        key={h.key}
                        variant="light"
                        color="teal"
                        style={{ textTransform: "none" }}
                      >
                        {h.key} (helper {h.value})
                      </Badge>
                    ))}
                  </Group>
                )}
                {config?.credsStore && (
                  <Text size="sm">
                    Credential store: <Code>{config.credsStore}</Code>
                  </Text>
                )}
                <Text size="sm">
                  GitHub token (ghcr.io): {config?.githubToken ? "set" : "not set"}
                </Text>
                {config && config.insecureRegistries.length > 0 && (
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    Plain-HTTP registries: {config.insecureRegistries.join(", ")}
                  </Text>
                )}
              </Stack>
            </Paper>
          </section>

          <section aria-labelledby="settings-hosts">
            <Title order={3} size="h4" id="settings-hosts" mb="xs">
              Docker hosts
            </Title>
            <HostsPanel hosts={data.hosts} />
          </section>

          <section aria-labelledby="settings-ratelimit">
            <Title order={3} size="h4" id="settings-ratelimit" mb="xs">
              Docker Hub rate limit
            </Title>
            <Paper withBorder p="sm">
              {limits.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Not known yet: Docker Hub reports the budget with each pull-count answer.
                </Text>
              ) : (
                limits.map((l) => (
                  <Stack key={l.host} gap={2}>
                    <Text size="sm" fw={600}>
                      {l.host}
                    </Text>
                    {l.values.map(([k, v]) => (
                      <Text size="sm" key={k}>
                        {k}: {v}
                      </Text>
                    ))}
                  </Stack>
                ))
              )}
            </Paper>
          </section>

          <section aria-labelledby="settings-rollback">
            <Title order={3} size="h4" id="settings-rollback" mb="xs">
              Automatic rollback policies
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              The most specific policy wins: container, then stack, then global.
            </Text>
            <Stack gap="xs" component="ul" p={0} m={0}>
              {data.policies.policies.map((p) => (
                <PolicyEditor
                  key={`${p.host}:${p.entityType}:${p.entityId}:${p.updatedAt ?? ""}`}
                  policy={p}
                  onSaved={reload}
                />
              ))}
            </Stack>
            <Paper withBorder p="sm" mt="sm">
              <NewPolicy hosts={data.hosts.map((h) => h.name)} onSaved={reload} />
            </Paper>
          </section>

          <AutoUpdateSection settings={data.autoUpdate}>
            <PolicyScopePanel
              entityType="GLOBAL"
              title="Global policy"
              rollback={false}
              onChanged={reload}
            />
          </AutoUpdateSection>

          <section aria-labelledby="settings-about">
            <Title order={3} size="h4" id="settings-about" mb="xs">
              About
            </Title>
            <Paper withBorder p="sm">
              <Stack gap={4}>
                <Text size="sm">
                  Docksmith <Code>{data.health.version}</Code>
                </Text>
                <Anchor href="/graphql" size="sm">
                  GraphQL playground
                </Anchor>
                <Anchor href="/api/docs" size="sm">
                  REST API documentation
                </Anchor>
              </Stack>
            </Paper>
          </section>
        </>
      )}
      {/* Their own queries: users and tokens stay manageable when the
          settings fail to load. */}
      <UsersSection />
      <ApiTokensSection />
    </Stack>
  );
}
