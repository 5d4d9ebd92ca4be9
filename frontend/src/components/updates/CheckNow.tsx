import { Button, Group, Progress, Stack, Text } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { useMutation, useSubscription } from "urql";
import { graphql } from "../../gql";
import type { CheckProgressSubSubscription } from "../../gql/graphql";
import { notifyError } from "../../hooks/useOperationStarter";
import { fromCombined } from "../../lib/errors";
import { formatAgo, formatDate } from "../../lib/format";

const TriggerCheckMutation = graphql(`
  mutation TriggerCheck {
    triggerCheck {
      message
    }
  }
`);

const CheckProgressSubscription = graphql(`
  subscription CheckProgressSub {
    checkProgress {
      phase
      total
      checked
      percent
      message
      containerName
      at
    }
  }
`);

type CheckProgressData = CheckProgressSubSubscription["checkProgress"];

/** Last check time, the Check now button and the live progress of a running check. */
export function CheckNow({
  lastCheck,
  checking,
  onFinished,
}: {
  lastCheck: string | null | undefined;
  checking: boolean;
  onFinished: () => void;
}) {
  const [{ fetching }, trigger] = useMutation(TriggerCheckMutation);
  const [{ data }] = useSubscription<CheckProgressSubSubscription, CheckProgressData | null>(
    { query: CheckProgressSubscription },
    (_prev, next) => next.checkProgress,
  );
  const progress = data ?? null;
  const running =
    progress !== null
      ? progress.phase === "DISCOVERING" || progress.phase === "CHECKING"
      : checking;

  // Refresh the list once when a run ends, whoever started it.
  const lastPhase = useRef<string | null>(null);
  useEffect(() => {
    const phase = progress?.phase ?? null;
    if (phase !== lastPhase.current && (phase === "COMPLETE" || phase === "FAILED")) {
      onFinished();
    }
    lastPhase.current = phase;
  }, [progress?.phase, onFinished]);

  async function run() {
    const result = await trigger({});
    if (result.error) {
      const shown = fromCombined(result.error);
      notifyError("Check failed to start", shown.message, shown.code);
    }
  }

  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap" justify="space-between">
        <Text size="sm" c="dimmed" title={formatDate(lastCheck)}>
          Last check: {formatAgo(lastCheck)}
        </Text>
        <Button
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={run}
          loading={fetching}
          disabled={running}
        >
          Check now
        </Button>
      </Group>
      {running && (
        <Stack gap={4}>
          <Progress value={progress?.percent ?? 0} animated aria-label="Check progress" />
          <Text size="xs" c="dimmed" aria-live="polite">
            {progress
              ? `${progress.message} (${progress.checked}/${progress.total})`
              : "Checking for updates…"}
          </Text>
        </Stack>
      )}
      {!running && progress?.phase === "FAILED" && (
        <Text size="sm" c="red" role="alert">
          The check failed: {progress.message}
        </Text>
      )}
    </Stack>
  );
}
