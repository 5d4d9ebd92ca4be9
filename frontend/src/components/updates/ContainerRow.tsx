import {
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Code,
  Collapse,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArrowBackUp,
  IconArrowRight,
  IconChevronDown,
  IconDots,
  IconPin,
  IconRefresh,
  IconTags,
  IconTool,
} from "@tabler/icons-react";
import { Link } from "react-router";
import type { ContainerFieldsFragment } from "../../gql/graphql";
import { containerPath } from "../../lib/filters";
import { changeKind } from "../../lib/status";
import { ChangeBadge, HealthBadge, StatusBadge } from "../StatusBadge";

export type RowAction =
  | { kind: "update"; version?: string }
  | { kind: "pick-version" }
  | { kind: "rollback"; operationId: string }
  | { kind: "pin"; tag: string }
  | { kind: "fix-mismatch" }
  | { kind: "recheck" };

/** Why a container is not simply updatable, in words; null when nothing needs saying. */
export function explanation(c: ContainerFieldsFragment): string | null {
  switch (c.status) {
    case "UPDATE_AVAILABLE_BLOCKED":
      return c.preUpdateCheck
        ? `Blocked by the pre-update check ${c.preUpdateCheck.script}${c.reason ? `: ${c.reason}` : ""}`
        : (c.reason ?? "Blocked by the pre-update check");
    case "IGNORED":
      return c.reason ?? "Ignored through the docksmith.ignore label";
    case "UP_TO_DATE_PINNABLE":
      return c.recommendedTag
        ? `Runs ${c.currentTag ?? "latest"}, which is ${c.recommendedTag}: pin it to stay on a known version`
        : c.reason;
    case "COMPOSE_MISMATCH":
      return c.error ?? `The compose file says ${c.composeImage ?? "another image"}`;
    case "ERROR":
      return c.error ?? c.reason ?? "The check failed";
    case "LOCAL_IMAGE":
      return c.reason ?? "Built locally: no registry to compare with";
    default:
      return c.reason ?? null;
  }
}

/** The tag of an image reference (`nginx:1.25`, `host:5000/app:2`), if it names one. */
export function imageTag(image: string): string | null {
  const name = image.split("@")[0] ?? image;
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(colon + 1) : null;
}

export function ContainerRow({
  container: c,
  selected,
  onSelect,
  onAction,
  rollbackOperationId,
  busy,
  showHost = false,
}: {
  container: ContainerFieldsFragment;
  /** Name the Docker host (when the list spans several). */
  showHost?: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onAction: (action: RowAction) => void;
  rollbackOperationId: string | null;
  busy: boolean;
}) {
  const [outputOpen, { toggle: toggleOutput }] = useDisclosure(false);
  const kind = changeKind(c);
  const current = c.currentVersion ?? c.currentTag ?? imageTag(c.image) ?? "?";
  const latest = c.latestVersion ?? c.latestTag;
  const showLatest = c.updateAvailable && latest && latest !== current;
  const canUpdate = c.status === "UPDATE_AVAILABLE";
  const why = explanation(c);
  const versionLabel = showLatest ? `${current} to ${latest}` : current;
  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      aria-label={showHost ? `${c.name} on ${c.host}` : c.name}
      data-container={c.name}
      data-host={c.host}
      style={{ listStyle: "none" }}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group align="flex-start" gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: "1 1 260px" }}>
          {canUpdate ? (
            <Checkbox
              mt={4}
              aria-label={`Select ${c.name}`}
              checked={selected}
              onChange={(e) => onSelect(e.currentTarget.checked)}
            />
          ) : (
            <Box w={20} style={{ flexShrink: 0 }} />
          )}
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={containerPath(c.name, c.host)} fw={600}>
                {c.name}
              </Anchor>
              {showHost && (
                <Badge variant="outline" color="gray" tt="none" aria-label={`Host ${c.host}`}>
                  {c.host}
                </Badge>
              )}
              <StatusBadge status={c.status} />
              <ChangeBadge kind={kind} />
              <HealthBadge health={c.health} />
            </Group>
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {c.image}
            </Text>
            {c.readOnlyReason && (
              <Text size="sm" c="dimmed">
                Compose edits off: {c.readOnlyReason}
              </Text>
            )}
            <Group gap={6} wrap="wrap" role="group" aria-label={`Version ${versionLabel}`}>
              <Code>{current}</Code>
              {showLatest && (
                <>
                  <IconArrowRight size={14} aria-hidden />
                  <Code>{latest}</Code>
                </>
              )}
            </Group>
            {why && (
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                {why}
              </Text>
            )}
            {c.status === "UPDATE_AVAILABLE_BLOCKED" && c.preUpdateCheck && (
              <>
                <UnstyledButton onClick={toggleOutput} aria-expanded={outputOpen} fz="sm" c="blue">
                  <Group gap={4}>
                    <IconChevronDown size={14} aria-hidden />
                    Pre-update check output
                  </Group>
                </UnstyledButton>
                <Collapse expanded={outputOpen}>
                  <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    {c.preUpdateCheck.output || "(no output)"}
                  </Code>
                </Collapse>
              </>
            )}
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {canUpdate && (
            <Button
              size="xs"
              onClick={() => onAction({ kind: "update" })}
              aria-label={`Update ${c.name}`}
              disabled={busy}
            >
              Update
            </Button>
          )}
          {c.status === "UP_TO_DATE_PINNABLE" && c.recommendedTag && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPin size={14} aria-hidden />}
              onClick={() => onAction({ kind: "pin", tag: c.recommendedTag ?? "" })}
              aria-label={`Pin to ${c.recommendedTag}: ${c.name}`}
              disabled={busy}
            >
              Pin to {c.recommendedTag}
            </Button>
          )}
          {c.status === "COMPOSE_MISMATCH" && (
            <Button
              size="xs"
              variant="light"
              color="grape"
              leftSection={<IconTool size={14} aria-hidden />}
              onClick={() => onAction({ kind: "fix-mismatch" })}
              aria-label={`Fix mismatch of ${c.name}`}
              disabled={busy}
            >
              Fix mismatch
            </Button>
          )}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="default" aria-label={`More actions for ${c.name}`} px={8}>
                <IconDots size={16} aria-hidden />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {c.status !== "LOCAL_IMAGE" && (
                <Menu.Item
                  leftSection={<IconTags size={14} aria-hidden />}
                  onClick={() => onAction({ kind: "pick-version" })}
                >
                  Choose version…
                </Menu.Item>
              )}
              {rollbackOperationId && (
                <Menu.Item
                  leftSection={<IconArrowBackUp size={14} aria-hidden />}
                  onClick={() => onAction({ kind: "rollback", operationId: rollbackOperationId })}
                >
                  Roll back last update
                </Menu.Item>
              )}
              <Menu.Item
                leftSection={<IconRefresh size={14} aria-hidden />}
                onClick={() => onAction({ kind: "recheck" })}
              >
                Recheck
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </Paper>
  );
}
