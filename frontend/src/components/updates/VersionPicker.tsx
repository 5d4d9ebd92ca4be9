import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Radio,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useMemo, useState } from "react";
import type { ShownError } from "../../lib/errors";
import { ErrorAlert } from "../ErrorAlert";

export interface TagChoice {
  tag: string;
  allowed: boolean;
  excludedBy?: string | null;
  current: boolean;
}

export interface TagOptionsView {
  currentTag: string;
  constraints: { key: string; value: string }[];
  tags: TagChoice[];
}

const SHOWN = 100;

/** The tags of a container's registry, those its labels exclude greyed out with the reason. */
export function VersionPickerBody({
  options,
  value,
  onChange,
}: {
  options: TagOptionsView;
  value: string | null;
  onChange: (tag: string) => void;
}) {
  const [filter, setFilter] = useState("");
  const matching = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return options.tags.filter((t) => !needle || t.tag.toLowerCase().includes(needle));
  }, [options.tags, filter]);
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={600}>
          Constraints from its labels
        </Text>
        {options.constraints.length === 0 ? (
          <Text size="sm" c="dimmed">
            None: every stable version is allowed.
          </Text>
        ) : (
          <Group gap={6} wrap="wrap" aria-label="Constraints">
            {options.constraints.map((c) => (
              <Badge key={c.key} variant="light" style={{ textTransform: "none" }}>
                {c.key}={c.value}
              </Badge>
            ))}
          </Group>
        )}
      </div>
      <TextInput
        label="Filter tags"
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        spellCheck={false}
      />
      <ScrollArea.Autosize mah={360} type="auto">
        <Radio.Group
          label={`Tags (${matching.length} of ${options.tags.length})`}
          value={value}
          onChange={onChange}
        >
          <Stack gap={6} mt={6}>
            {matching.slice(0, SHOWN).map((t) => (
              <Radio
                key={t.tag}
                value={t.tag}
                disabled={!t.allowed || t.current}
                label={
                  <Group gap={6} wrap="wrap">
                    <Code>{t.tag}</Code>
                    {t.current && (
                      <Badge size="xs" variant="outline">
                        Current
                      </Badge>
                    )}
                  </Group>
                }
                description={t.allowed ? undefined : t.excludedBy}
                data-tag={t.tag}
                data-allowed={t.allowed}
              />
            ))}
          </Stack>
        </Radio.Group>
        {matching.length > SHOWN && (
          <Text size="xs" c="dimmed" mt="xs">
            {matching.length - SHOWN} more: narrow the filter.
          </Text>
        )}
      </ScrollArea.Autosize>
    </Stack>
  );
}

export function VersionPickerModal({
  opened,
  container,
  options,
  loading,
  error,
  busy,
  onClose,
  onPick,
}: {
  opened: boolean;
  container: string;
  options: TagOptionsView | null;
  loading: boolean;
  error: ShownError | null;
  busy: boolean;
  onClose: () => void;
  onPick: (tag: string) => void;
}) {
  const [value, setValue] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={`Choose a version for ${container}`} size="lg">
      <Stack>
        <ErrorAlert error={error} title="Could not list the tags" />
        {loading && !options && <Skeleton height={200} aria-label="Loading tags" />}
        {options && (
          <>
            <Text size="sm">
              Runs <Code>{options.currentTag}</Code>.
            </Text>
            <VersionPickerBody options={options} value={value} onChange={setValue} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!value} loading={busy} onClick={() => value && onPick(value)}>
            {value ? `Update to ${value}` : "Pick a version"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
