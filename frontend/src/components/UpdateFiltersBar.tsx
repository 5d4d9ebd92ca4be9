import { Button, Group, Select, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import type { ContainerStatus } from "../gql/graphql";
import { NO_FILTERS, STANDALONE, type UpdateFilters } from "../lib/filters";
import { CHANGE_KIND_LABEL, type ChangeKind, STATUS_META, STATUSES } from "../lib/status";

const CHANGE_CHOICES: ChangeKind[] = ["MAJOR", "MINOR", "PATCH", "DIGEST"];

export function UpdateFiltersBar({
  value,
  onChange,
  stacks,
  hasStandalone,
  hosts = [],
}: {
  value: UpdateFilters;
  onChange: (next: UpdateFilters) => void;
  stacks: string[];
  hasStandalone: boolean;
  /** The Docker hosts in the list; the host filter shows when there are several. */
  hosts?: string[];
}) {
  const stackData = [
    ...stacks.map((s) => ({ value: s, label: s })),
    ...(hasStandalone ? [{ value: STANDALONE, label: "Standalone" }] : []),
  ];
  const active =
    value.search !== "" ||
    value.status !== null ||
    value.stack !== null ||
    value.change !== null ||
    value.host !== null;
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter containers">
      <TextInput
        label="Search"
        placeholder="Name or image"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={value.search}
        onChange={(e) => onChange({ ...value, search: e.currentTarget.value })}
        w={{ base: "100%", xs: 220 }}
      />
      <Select
        label="Status"
        placeholder="All statuses"
        clearable
        data={STATUSES.map((s) => ({ value: s, label: STATUS_META[s].label }))}
        value={value.status}
        onChange={(s) => onChange({ ...value, status: (s as ContainerStatus | null) ?? null })}
        w={{ base: "100%", xs: 190 }}
      />
      <Select
        label="Stack"
        placeholder="All stacks"
        clearable
        data={stackData}
        value={value.stack}
        onChange={(s) => onChange({ ...value, stack: s ?? null })}
        w={{ base: "100%", xs: 170 }}
      />
      <Select
        label="Change type"
        placeholder="Any change"
        clearable
        data={CHANGE_CHOICES.map((c) => ({ value: c, label: CHANGE_KIND_LABEL[c] }))}
        value={value.change}
        onChange={(c) => onChange({ ...value, change: (c as ChangeKind | null) ?? null })}
        w={{ base: "100%", xs: 150 }}
      />
      {hosts.length > 1 && (
        <Select
          label="Host"
          placeholder="All hosts"
          clearable
          data={hosts.map((h) => ({ value: h, label: h }))}
          value={value.host}
          onChange={(h) => onChange({ ...value, host: h ?? null })}
          w={{ base: "100%", xs: 150 }}
        />
      )}
      {active && (
        <Button variant="subtle" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
