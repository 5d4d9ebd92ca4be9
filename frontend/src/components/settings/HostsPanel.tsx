import { Badge, Code, Group, Paper, Stack, Text } from "@mantine/core";
import type { HostSource, HostStatus } from "../../gql/graphql";

export interface HostRow {
  name: string;
  url: string;
  source: HostSource;
  status: HostStatus;
  error?: string | null;
  readOnlyReason?: string | null;
}

const STATUS_COLOR: Record<HostStatus, string> = { UP: "green", DOWN: "red", UNKNOWN: "gray" };

const SOURCE_TEXT: Record<HostSource, string> = {
  DEFAULT: "DOCKER_HOST",
  ENVIRONMENT: "DOCKER_HOSTS",
  API: "added through the API",
};

/**
 * Every Docker host with its state, and how to add one: a host added through
 * the API, or one that is down, showed nowhere in the UI (a host without
 * containers has no row on Updates).
 */
export function HostsPanel({ hosts }: { hosts: HostRow[] }) {
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        {hosts.map((h) => (
          <Stack key={h.name} gap={2} data-host={h.name}>
            <Group gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {h.name}
              </Text>
              <Badge color={STATUS_COLOR[h.status]} variant="light">
                {h.status.toLowerCase()}
              </Badge>
              <Code style={{ overflowWrap: "anywhere" }}>{h.url}</Code>
              <Text size="xs" c="dimmed">
                ({SOURCE_TEXT[h.source]})
              </Text>
            </Group>
            {h.status === "DOWN" && h.error && (
              <Text size="sm" c="red" style={{ overflowWrap: "anywhere" }}>
                {h.error}
              </Text>
            )}
            {h.readOnlyReason && (
              <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {h.readOnlyReason}
              </Text>
            )}
          </Stack>
        ))}
        <Text size="sm" c="dimmed">
          More hosts come from <Code>DOCKER_HOSTS</Code> or the API (<Code>POST /api/hosts</Code>,
          GraphQL <Code>addHost</Code>); see docs/hosts.md.
        </Text>
      </Stack>
    </Paper>
  );
}
