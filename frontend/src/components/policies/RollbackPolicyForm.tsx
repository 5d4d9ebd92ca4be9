import { Button, Group, NumberInput, Stack, Switch, Text } from "@mantine/core";
import { useState } from "react";
import type { ShownError } from "../../lib/errors";
import { ErrorAlert } from "../ErrorAlert";

export interface RollbackValues {
  autoRollback: boolean;
  healthTimeoutSeconds: number;
  stabilityWindowSeconds: number;
}

export interface RollbackChange {
  autoRollback: boolean;
  healthTimeoutSeconds: number | null;
  stabilityWindowSeconds: number | null;
}

// An emptied number field keeps the stored value (null leaves it out).
function whole(value: number | string): number | null {
  return value === "" ? null : Number(value);
}

/**
 * One level's stored rollback policy; without one, the form starts from the
 * settings in force and saving makes it. Out-of-range numbers go to the
 * server, whose refusal is shown as it words it.
 */
export function RollbackPolicyForm({
  name,
  stored,
  inForce,
  onSave,
  onRemove,
}: {
  name: string;
  stored: RollbackValues | null | undefined;
  inForce: RollbackValues;
  onSave: (change: RollbackChange) => Promise<ShownError | null>;
  /** Absent for the global policy, which always exists. */
  onRemove?: () => Promise<ShownError | null>;
}) {
  const start = stored ?? inForce;
  const [auto, setAuto] = useState(start.autoRollback);
  const [timeout, setTimeoutValue] = useState<number | string>(start.healthTimeoutSeconds);
  const [window, setWindow] = useState<number | string>(start.stabilityWindowSeconds);
  const [refused, setRefused] = useState<ShownError | null>(null);
  const [saving, setSaving] = useState(false);
  const dirty =
    !stored ||
    auto !== stored.autoRollback ||
    whole(timeout) !== stored.healthTimeoutSeconds ||
    whole(window) !== stored.stabilityWindowSeconds;

  async function run(action: () => Promise<ShownError | null>) {
    setSaving(true);
    try {
      setRefused(await action());
    } finally {
      setSaving(false);
    }
  }

  const save = () =>
    run(() =>
      onSave({
        autoRollback: auto,
        healthTimeoutSeconds: whole(timeout),
        stabilityWindowSeconds: whole(window),
      }),
    );

  return (
    <Stack gap="sm" role="group" aria-label={`Rollback policy of ${name}`}>
      {!stored && (
        <Text size="sm" c="dimmed">
          No rollback policy of its own: saving makes one from these values.
        </Text>
      )}
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Switch
          label="Roll back a failed update by itself"
          checked={auto}
          onChange={(e) => setAuto(e.currentTarget.checked)}
        />
        <NumberInput
          label="Health timeout (s)"
          description="1 to 3600"
          value={timeout}
          onChange={setTimeoutValue}
          allowDecimal={false}
          clampBehavior="none"
          w={{ base: "100%", xs: 170 }}
        />
        <NumberInput
          label="Stability window (s)"
          description="0 to 600, without a healthcheck"
          value={window}
          onChange={setWindow}
          allowDecimal={false}
          clampBehavior="none"
          w={{ base: "100%", xs: 220 }}
        />
      </Group>
      <ErrorAlert error={refused} title="The policy was not changed" />
      <Group gap="sm" wrap="wrap">
        <Button
          onClick={save}
          loading={saving}
          disabled={!dirty}
          aria-label={`Save the rollback policy of ${name}`}
        >
          Save
        </Button>
        {stored && onRemove && (
          <Button
            variant="default"
            onClick={() => run(onRemove)}
            disabled={saving}
            aria-label={`Remove the rollback policy of ${name}`}
          >
            Remove
          </Button>
        )}
      </Group>
    </Stack>
  );
}
