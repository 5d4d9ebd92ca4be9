import { Anchor, Table } from "@mantine/core";
import { Link } from "react-router";
import type { AutoUpdateSource, RollbackPolicySource } from "../../gql/graphql";
import { containerPath } from "../../lib/filters";
import { decidedBy, ITSELF } from "../../lib/policies";

export interface Member {
  container: string;
  problems: string[];
  docksmithItself?: boolean;
  autoUpdate?: { level: string; levelSource: AutoUpdateSource } | null;
  rollback?: { autoRollback: boolean; source: RollbackPolicySource } | null;
}

/** A stack's containers: what is in force for each once its labels count. */
export function MembersTable({
  stack,
  host,
  members,
}: {
  stack: string;
  host?: string | null;
  members: Member[];
}) {
  if (members.length === 0) return null;
  return (
    <Table aria-label={`Settings in force for each container of stack ${stack}`} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Container</Table.Th>
          <Table.Th>Automatic updates</Table.Th>
          <Table.Th>Automatic rollback</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {members.map((m) => (
          <Table.Tr key={m.container}>
            <Table.Th scope="row" fw={500} style={{ overflowWrap: "anywhere" }}>
              <Anchor component={Link} to={containerPath(m.container, host)} underline="always">
                {m.container}
              </Anchor>
            </Table.Th>
            <Table.Td style={{ overflowWrap: "anywhere" }}>
              {m.docksmithItself
                ? `off (${ITSELF})`
                : m.autoUpdate
                  ? `${m.autoUpdate.level.toLowerCase()} (${decidedBy(m.autoUpdate.levelSource)})`
                  : `wrong label: ${m.problems.join("; ")}`}
            </Table.Td>
            <Table.Td style={{ overflowWrap: "anywhere" }}>
              {m.rollback
                ? `${m.rollback.autoRollback ? "on" : "off"} (${decidedBy(m.rollback.source)})`
                : `wrong label: ${m.problems.join("; ")}`}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
