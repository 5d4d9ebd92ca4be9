import { Code, Table } from "@mantine/core";
import type { AutoUpdateSource, RollbackPolicySource } from "../../gql/graphql";
import { decidedBy, ITSELF } from "../../lib/policies";

export interface InForce {
  docksmithItself?: boolean;
  autoUpdate?: {
    level: string;
    levelSource: AutoUpdateSource;
    minAge: string;
    minAgeSource: AutoUpdateSource;
    maintenanceWindow?: string | null;
    maintenanceWindowSource: AutoUpdateSource;
  } | null;
  rollback?: {
    autoRollback: boolean;
    source: RollbackPolicySource;
    healthTimeoutSeconds: number;
    stabilityWindowSeconds: number;
  } | null;
}

/** The settings in force and, for each, the level that decides. */
export function InForceTable({ name, scope }: { name: string; scope: InForce }) {
  const a = scope.autoUpdate;
  const r = scope.rollback;
  // A label decides auto-rollback only; the timeouts stay the policy's.
  const timeouts = r && (r.source === "LABEL" ? "rollback policy" : decidedBy(r.source));
  const rows: [string, React.ReactNode, string][] = [];
  if (a) {
    rows.push(
      scope.docksmithItself
        ? ["Automatic updates", "off", ITSELF]
        : ["Automatic updates", a.level.toLowerCase(), decidedBy(a.levelSource)],
      [
        "Minimum image age",
        <Code key="age">{a.minAge}</Code>,
        a.minAgeSource === "DEFAULT" ? "default (AUTO_UPDATE_MIN_AGE)" : decidedBy(a.minAgeSource),
      ],
      [
        "Maintenance window",
        a.maintenanceWindow ? <Code key="w">{a.maintenanceWindow}</Code> : "none: any run",
        a.maintenanceWindowSource === "DEFAULT" ? "–" : decidedBy(a.maintenanceWindowSource),
      ],
    );
  }
  if (r && timeouts) {
    rows.push(
      ["Automatic rollback", r.autoRollback ? "on" : "off", decidedBy(r.source)],
      ["Health timeout", `${r.healthTimeoutSeconds} s`, timeouts],
      ["Stability window", `${r.stabilityWindowSeconds} s`, timeouts],
    );
  }
  return (
    // Fixed columns that wrap: three short columns fit 375 px without a
    // scrolling region (which would need its own keyboard focus).
    <Table aria-label={`Settings in force for ${name}`} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Setting</Table.Th>
          <Table.Th>In force</Table.Th>
          <Table.Th>Decided by</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([setting, value, source]) => (
          <Table.Tr key={setting}>
            <Table.Th scope="row" fw={500} style={{ overflowWrap: "anywhere" }}>
              {setting}
            </Table.Th>
            <Table.Td style={{ overflowWrap: "anywhere" }}>{value}</Table.Td>
            <Table.Td style={{ overflowWrap: "anywhere" }}>{source}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
