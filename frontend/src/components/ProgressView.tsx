import {
  Alert,
  Badge,
  Code,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Timeline,
} from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import type { OperationLogLevel, OperationStatus, OperationType } from "../gql/graphql";
import { formatDate, LOG_MESSAGE_STYLE } from "../lib/format";
import { changeText, completeText, memberChangeText } from "../lib/operations";
import type { LiveState, Member } from "../lib/progress";
import { isFinished, OPERATION_STATUS_LABEL } from "../lib/status";
import { OperationStatusBadge } from "./StatusBadge";

export interface OperationView {
  operationId: string;
  operationType: OperationType;
  status: OperationStatus;
  stage?: OperationStatus | null;
  containerName: string;
  stackName?: string | null;
  oldVersion?: string | null;
  newVersion?: string | null;
  errorMessage?: string | null;
  rollbackOccurred: boolean;
  startedAt?: string | null;
  completedAt?: string | null;
  log: { at: string; level: OperationLogLevel; message: string }[];
}

const LEVEL_COLOR: Record<OperationLogLevel, string> = {
  INFO: "gray",
  WARNING: "yellow",
  ERROR: "red",
};

const MEMBER_COLOR: Record<string, string> = {
  complete: "green",
  failed: "red",
  rolled_back: "orange",
  in_progress: "blue",
  skipped: "gray",
  pending: "gray",
};

/** Log lines only grow at their end and two may share a time and text: their position is their identity. */
function logRows<T>(lines: T[]): { id: string; line: T }[] {
  return lines.map((line, position) => ({ id: String(position), line }));
}

/**
 * An operation's stage, progress, members and log: the stored record first,
 * the live subscription state on top while it runs.
 */
export function ProgressView({
  operation: op,
  live,
  members,
}: {
  operation: OperationView;
  live: LiveState;
  members: Member[];
}) {
  const stored = isFinished(op.status);
  const finished = stored || live.finished;
  const status: OperationStatus = stored ? op.status : (live.stage ?? op.stage ?? op.status);
  const progress = stored ? (op.status === "COMPLETE" ? 100 : live.progress) : live.progress;
  const failed = status === "FAILED";
  const error = op.errorMessage ?? live.error;
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Group gap="xs">
              <Text fw={600}>Stage:</Text>
              <OperationStatusBadge status={status} rolledBack={op.rollbackOccurred} />
            </Group>
            <Text size="sm" c="dimmed">
              {changeText(op)}
            </Text>
          </Group>
          <Progress
            value={failed ? 100 : progress}
            color={
              failed
                ? op.rollbackOccurred
                  ? "orange"
                  : "red"
                : status === "COMPLETE"
                  ? "green"
                  : "blue"
            }
            animated={!finished}
            striped={!finished}
            aria-label="Operation progress"
            size="lg"
          />
          <Text size="sm" aria-live="polite" data-testid="operation-message">
            {finished
              ? status === "COMPLETE"
                ? "The operation completed."
                : "The operation failed."
              : (live.message ?? `${OPERATION_STATUS_LABEL[status]}…`)}
          </Text>
        </Stack>
      </Paper>
      {failed && (
        <Alert
          color={op.rollbackOccurred ? "orange" : "red"}
          icon={<IconAlertTriangle aria-hidden />}
          title={op.rollbackOccurred ? "Failed and rolled back" : "Failed"}
          role="alert"
        >
          <Text size="sm">{error ?? "No error message was recorded."}</Text>
          <Text size="sm" mt={4}>
            {op.rollbackOccurred
              ? "The previous version was restored."
              : "No rollback happened: the container is as the failure left it."}
          </Text>
        </Alert>
      )}
      {status === "COMPLETE" && (
        <Alert color="green" icon={<IconCircleCheck aria-hidden />} title="Complete">
          {completeText(op, members)}
        </Alert>
      )}
      {members.length > 0 && (
        <Paper withBorder p="xs">
          <Table.ScrollContainer minWidth={0}>
            <Table aria-label="Containers in this operation" layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Container</Table.Th>
                  <Table.Th>Version</Table.Th>
                  {/* Three equal columns leave a phone's badge ~85 px: "COMPLETE"
                      showed as "COMPLE…". Its column takes the widest badge
                      ("rolled back") whole; wider screens share out evenly. */}
                  <Table.Th w={{ base: "8.5rem", sm: "auto" }}>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((m) => (
                  <Table.Tr key={m.container} data-member={m.container}>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{m.container}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>
                      {memberChangeText(op.operationType, m) ?? "–"}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={MEMBER_COLOR[m.status] ?? "gray"} variant="light">
                        {m.status.replace("_", " ")}
                      </Badge>
                      {m.message && (
                        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                          {m.message}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {live.steps.length > 0 && !stored && (
        <Timeline active={live.steps.length - 1} bulletSize={14} lineWidth={2} aria-label="Stages">
          {live.steps.map((s) => (
            <Timeline.Item
              key={`${s.at}-${s.stage}-${s.message}`}
              title={OPERATION_STATUS_LABEL[s.stage]}
            >
              <Text size="xs" c="dimmed">
                {s.message}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <section aria-label="Operation log">
        <Text fw={600} mb={4}>
          Log
        </Text>
        {op.log.length === 0 ? (
          <Text size="sm" c="dimmed">
            No log lines yet.
          </Text>
        ) : (
          <Paper withBorder p="xs">
            <Stack gap={2} component="ol" p={0} m={0} style={{ listStyle: "none" }}>
              {logRows(op.log).map(({ id, line }) => (
                <Group key={id} component="li" gap={6} wrap="nowrap" align="flex-start">
                  <Code fz="xs" style={{ flexShrink: 0 }}>
                    {new Date(line.at).toLocaleTimeString()}
                  </Code>
                  <Badge
                    size="xs"
                    color={LEVEL_COLOR[line.level]}
                    variant="light"
                    style={{ flexShrink: 0 }}
                  >
                    {line.level}
                  </Badge>
                  <Text size="xs" style={{ ...LOG_MESSAGE_STYLE, minWidth: 0 }}>
                    {line.message}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Paper>
        )}
      </section>
      <Text size="xs" c="dimmed">
        Started {formatDate(op.startedAt)}
        {op.completedAt ? `, finished ${formatDate(op.completedAt)}` : ""}
      </Text>
    </Stack>
  );
}
