import { Button, Group, Text } from "@mantine/core";
import { IconArrowBackUp, IconDownload, IconTags } from "@tabler/icons-react";
import { type ReactNode, useCallback, useState } from "react";
import { useMutation, useQuery } from "urql";
import type { ContainerFieldsFragment } from "../../gql/graphql";
import { useOperationStarter } from "../../hooks/useOperationStarter";
import {
  RollbackOperationMutation,
  TagOptionsQuery,
  UpdateContainerMutation,
} from "../../lib/documents";
import { fromCombined } from "../../lib/errors";
import { versionBefore } from "../../lib/operations";
import { ConfirmDialog } from "../ConfirmDialog";
import { VersionPickerModal } from "./VersionPicker";

type Target = Pick<
  ContainerFieldsFragment,
  | "name"
  | "host"
  | "currentVersion"
  | "currentTag"
  | "latestVersion"
  | "latestTag"
  | "lastOperation"
  | "stack"
  | "composeFile"
>;

/**
 * Start an update or a rollback of one container, as the Updates page and the
 * Container screen both offer it: on success the live progress page opens,
 * otherwise a notification says why.
 */
export function useUpdateActions() {
  const { start, busy } = useOperationStarter();
  const [, updateOne] = useMutation(UpdateContainerMutation);
  const [, rollbackOp] = useMutation(RollbackOperationMutation);
  const update = useCallback(
    (c: Pick<Target, "name" | "host">, version?: string | null) =>
      start(`Update of ${c.name} refused`, async () => {
        const r = await updateOne({
          input: { container: c.name, version: version ?? null, host: c.host },
        });
        return { error: r.error, started: r.data?.updateContainer };
      }),
    [start, updateOne],
  );
  const rollback = useCallback(
    (c: Pick<Target, "name">, operationId: string) =>
      start(`Rollback of ${c.name} refused`, async () => {
        // The operation names its host: the rollback needs no other.
        const r = await rollbackOp({ input: { operationId, containers: [c.name] } });
        return { error: r.error, started: r.data?.rollbackOperation };
      }),
    [start, rollbackOp],
  );
  return { start, busy, update, rollback };
}

export interface DialogText {
  title: string;
  confirmLabel: string;
  color?: string;
  children: ReactNode;
}

export function updateDialogText(c: Target, version?: string | null): DialogText {
  const target = version ?? c.latestVersion ?? c.latestTag ?? "the newest allowed version";
  return {
    title: `Update ${c.name}?`,
    confirmLabel: "Update",
    children: (
      <Text>
        {c.name} moves from {c.currentVersion ?? c.currentTag ?? "?"} to {target}. Docksmith{" "}
        {c.stack || c.composeFile
          ? "backs up the compose file, pulls the image, recreates the container"
          : // A standalone container has no file to edit: it is recreated from its own settings.
            "pulls the image, recreates the container with its current settings"}{" "}
        and waits for it to be healthy. If it is not, Docksmith goes back to the old version by
        itself only where automatic rollback is on (the container's Policies tab says whether it
        is).
      </Text>
    ),
  };
}

export function rollbackDialogText(c: Target): DialogText {
  return {
    title: `Roll back ${c.name}?`,
    confirmLabel: "Roll back",
    color: "orange",
    children: (
      <Text>
        {c.name} returns to the version it ran before its last update
        {c.lastOperation && versionBefore(c.lastOperation)
          ? ` (${versionBefore(c.lastOperation)})`
          : ""}
        .
      </Text>
    ),
  };
}

/** The version picker for one container (of any host); null closes it. */
export function ContainerVersionPicker({
  container,
  busy,
  onClose,
  onPick,
}: {
  container: Pick<Target, "name" | "host"> | null;
  busy: boolean;
  onClose: () => void;
  onPick: (tag: string) => void;
}) {
  const [tagOptions] = useQuery({
    query: TagOptionsQuery,
    variables: { name: container?.name ?? "", host: container?.host ?? null },
    pause: container === null,
    requestPolicy: "network-only",
  });
  return (
    <VersionPickerModal
      key={container ? `${container.host}/${container.name}` : ""}
      opened={container !== null}
      container={container?.name ?? ""}
      options={tagOptions.data?.containerTagOptions ?? null}
      loading={tagOptions.fetching}
      error={tagOptions.error ? fromCombined(tagOptions.error) : null}
      busy={busy}
      onClose={onClose}
      onPick={onPick}
    />
  );
}

type Pending = { kind: "update" } | { kind: "rollback"; operationId: string };

/**
 * The update actions of one container's screen: Update to the latest allowed
 * version, another version from the picker, and Roll back when the rollback
 * overview says its last update can be.
 */
export function ContainerUpdateActions({
  container: c,
  rollbackOperationId,
}: {
  container: ContainerFieldsFragment;
  rollbackOperationId: string | null;
}) {
  const { busy, update, rollback } = useUpdateActions();
  const [pending, setPending] = useState<Pending | null>(null);
  const [picking, setPicking] = useState(false);

  async function confirm() {
    if (pending?.kind === "update") await update(c);
    else if (pending?.kind === "rollback") await rollback(c, pending.operationId);
    setPending(null);
  }

  const dialog = pending?.kind === "rollback" ? rollbackDialogText(c) : updateDialogText(c);
  return (
    <>
      <Group gap="xs" wrap="wrap" role="group" aria-label="Update actions">
        {c.status === "UPDATE_AVAILABLE" && (
          <Button
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => setPending({ kind: "update" })}
            aria-label={`Update ${c.name}`}
            disabled={busy}
          >
            Update
          </Button>
        )}
        {c.status !== "LOCAL_IMAGE" && (
          <Button
            variant="default"
            leftSection={<IconTags size={16} aria-hidden />}
            onClick={() => setPicking(true)}
            disabled={busy}
          >
            Choose version…
          </Button>
        )}
        {rollbackOperationId && (
          <Button
            variant="light"
            color="orange"
            leftSection={<IconArrowBackUp size={16} aria-hidden />}
            onClick={() => setPending({ kind: "rollback", operationId: rollbackOperationId })}
            disabled={busy}
          >
            Roll back
          </Button>
        )}
      </Group>
      <ContainerVersionPicker
        container={picking ? c : null}
        busy={busy}
        onClose={() => setPicking(false)}
        onPick={async (tag) => {
          await update(c, tag);
          setPicking(false);
        }}
      />
      <ConfirmDialog
        opened={pending !== null}
        onClose={() => setPending(null)}
        onConfirm={confirm}
        loading={busy}
        {...dialog}
      />
    </>
  );
}
