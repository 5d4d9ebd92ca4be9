import { Button, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { ShownError } from "../../lib/errors";
import {
  type AutoUpdateChange,
  autoUpdateChange,
  autoUpdateForm,
  LEVELS,
  type StoredAutoUpdate,
} from "../../lib/policies";
import { ErrorAlert } from "../ErrorAlert";

const NOT_SET = "";

/**
 * One level's stored auto-update policy (global, a stack or a container).
 * The server validates and words every refusal; it is shown here, beside the
 * form, with what was typed kept.
 */
export function AutoUpdatePolicyForm({
  name,
  stored,
  onSave,
  onRemove,
}: {
  /** What the policy applies to, for labels ("stack media"). */
  name: string;
  stored: StoredAutoUpdate | null | undefined;
  onSave: (change: AutoUpdateChange) => Promise<ShownError | null>;
  onRemove: () => Promise<ShownError | null>;
}) {
  const [form, setForm] = useState(() => autoUpdateForm(stored));
  const [refused, setRefused] = useState<ShownError | null>(null);
  const [saving, setSaving] = useState(false);
  const change = autoUpdateChange(stored, form);
  const dirty = Object.keys(change).length > 0;

  async function run(action: () => Promise<ShownError | null>) {
    setSaving(true);
    try {
      setRefused(await action());
    } finally {
      setSaving(false);
    }
  }

  // A stored level cannot be unset on its own (the API keeps a field left
  // out); removing the policy hands every setting to the next level.
  const levels = [
    ...(stored?.level ? [] : [{ value: NOT_SET, label: "Not set: the next level decides" }]),
    ...LEVELS,
  ];
  return (
    <Stack gap="sm" role="group" aria-label={`Auto-update policy of ${name}`}>
      <Group align="flex-start" wrap="wrap" gap="sm">
        <NativeSelect
          label="Level"
          description="How far an unattended update may go"
          data={levels}
          value={form.level}
          onChange={(e) => setForm({ ...form, level: e.currentTarget.value as typeof form.level })}
          w={{ base: "100%", sm: 260 }}
        />
        <TextInput
          label="Minimum image age"
          description="3d, 12h, 1w, 0; empty: the next level decides"
          value={form.minAge}
          onChange={(e) => setForm({ ...form, minAge: e.currentTarget.value })}
          w={{ base: "100%", sm: 220 }}
        />
        <TextInput
          label="Maintenance window"
          description="sat,sun 02:00-06:00; empty: the next level decides"
          value={form.maintenanceWindow}
          onChange={(e) => setForm({ ...form, maintenanceWindow: e.currentTarget.value })}
          w={{ base: "100%", sm: 300 }}
        />
      </Group>
      <ErrorAlert error={refused} title="The policy was not saved" />
      <Group gap="sm" wrap="wrap">
        <Button
          onClick={() => run(() => onSave(change))}
          loading={saving}
          disabled={!dirty}
          aria-label={`Save the auto-update policy of ${name}`}
        >
          Save
        </Button>
        {stored ? (
          <Button
            variant="default"
            onClick={() => run(onRemove)}
            disabled={saving}
            aria-label={`Remove the auto-update policy of ${name}`}
          >
            Remove
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            No policy of its own yet: every setting comes from the next level.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
