import { Anchor, Code, Paper, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { AutoUpdateLevel, PolicyEntityType } from "../../gql/graphql";
import { containerPath, stackPath } from "../../lib/filters";
import { formatDate } from "../../lib/format";

export interface AutoUpdateSettings {
  schedule?: string | null;
  timezone: string;
  defaultMinAge: string;
  nextRun?: string | null;
  policies: {
    entityType: PolicyEntityType;
    entityId: string;
    host: string;
    level?: AutoUpdateLevel | null;
    minAge?: string | null;
    maintenanceWindow?: string | null;
  }[];
}

const ENTITY: Record<PolicyEntityType, string> = {
  GLOBAL: "Global",
  STACK: "Stack",
  CONTAINER: "Container",
};

// A policy's unset field defers to the next level (container, stack, global, environment).
const DEFERS = "–";

function AppliesTo({ p }: { p: AutoUpdateSettings["policies"][number] }) {
  if (p.entityType === "GLOBAL") return <>Global</>;
  const to =
    p.entityType === "STACK" ? stackPath(p.entityId, p.host) : containerPath(p.entityId, p.host);
  return (
    <>
      {ENTITY[p.entityType]}{" "}
      <Anchor component={Link} to={to} inherit underline="always">
        {p.entityId}
      </Anchor>
      {p.host !== "local" ? ` (${p.host})` : ""}
    </>
  );
}

/**
 * What decides unattended updates when a container's labels do not: the
 * environment's schedule and minimum age, and the stored policies (each
 * stack's and container's edited on its own screen, linked from its row).
 * `children`: the global policy's editor.
 */
export function AutoUpdateSection({
  settings: s,
  children,
}: {
  settings: AutoUpdateSettings;
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby="settings-auto-update">
      <Title order={3} size="h4" id="settings-auto-update" mb="xs">
        Automatic updates
      </Title>
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <Table variant="vertical" layout="fixed" aria-label="Automatic update settings">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={{ base: 130, sm: 200 }}>Schedule</Table.Th>
                <Table.Td style={{ overflowWrap: "anywhere" }}>
                  {s.schedule ? (
                    <Code>{s.schedule}</Code>
                  ) : (
                    "not set: runs only on demand and when a maintenance window opens"
                  )}{" "}
                  (AUTO_UPDATE_SCHEDULE, {s.timezone})
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Minimum image age</Table.Th>
                <Table.Td style={{ overflowWrap: "anywhere" }}>
                  <Code>{s.defaultMinAge}</Code> (AUTO_UPDATE_MIN_AGE)
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Next run</Table.Th>
                <Table.Td>{formatDate(s.nextRun)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {s.policies.length === 0 ? (
            <Text size="sm" c="dimmed">
              No policies: containers update by themselves only where their labels say so.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={0}>
              <Table aria-label="Automatic update policies" layout="fixed">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Applies to</Table.Th>
                    <Table.Th>Level</Table.Th>
                    <Table.Th>Minimum age</Table.Th>
                    <Table.Th>Window</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.policies.map((p) => (
                    <Table.Tr key={`${p.host}:${p.entityType}:${p.entityId}`}>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        <AppliesTo p={p} />
                      </Table.Td>
                      <Table.Td>{p.level ? p.level.toLowerCase() : DEFERS}</Table.Td>
                      <Table.Td>{p.minAge || DEFERS}</Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        {p.maintenanceWindow || DEFERS}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="sm" c="dimmed">
            A container's labels come first, then its container, stack and global policy. A stack's
            or a container's policy is edited on its screen (linked above; a stack's screen opens
            from its name on Updates); the global one here.
          </Text>
          {children}
        </Stack>
      </Paper>
    </section>
  );
}
