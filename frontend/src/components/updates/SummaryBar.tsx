import { Badge, Group, UnstyledButton } from "@mantine/core";
import type { ContainerStatus } from "../../gql/graphql";
import { STATUS_META, STATUSES } from "../../lib/status";

/** Containers per status; a click filters the list to that status. */
export function SummaryBar({
  counts,
  selected,
  onSelect,
}: {
  counts: Map<ContainerStatus, number>;
  selected: ContainerStatus | null;
  onSelect: (status: ContainerStatus | null) => void;
}) {
  return (
    <Group gap="xs" wrap="wrap" aria-label="Containers per status" role="group">
      {STATUSES.filter((s) => (counts.get(s) ?? 0) > 0).map((s) => {
        const count = counts.get(s) ?? 0;
        const on = selected === s;
        return (
          <UnstyledButton
            key={s}
            onClick={() => onSelect(on ? null : s)}
            aria-pressed={on}
            aria-label={`${STATUS_META[s].label}: ${count}`}
          >
            <Badge
              size="lg"
              color={STATUS_META[s].color}
              variant={on ? "filled" : "light"}
              data-summary-status={s}
            >
              {STATUS_META[s].label}: {count}
            </Badge>
          </UnstyledButton>
        );
      })}
    </Group>
  );
}
