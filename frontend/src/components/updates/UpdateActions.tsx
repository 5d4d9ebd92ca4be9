import { Button, Group, Text } from "@mantine/core";
import { IconArrowBackUp, IconDownload, IconTags } from "@tabler/icons-react";
import { type ReactNode, useCallback, useState } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import type { ContainerFieldsFragment } from "../../gql/graphql";
import { useOperationStarter } from "../../hooks/useOperationStarter";
import {
  RollbackOperationMutation,
  TagOptionsQuery,
  UpdateContainerMutation,
} from "../../lib/documents";
import { fromCombined } from "../../lib/errors";
import { versionBefore } from "../../lib/operations";
import { decidedBy } from "../../lib/policies";
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

export const AutoRollbackQuery = graphql(`
  query AutoRollback($name: String!, $host: String) {
    policyScope(entityType: CONTAINER, entityId: $name, host: $host) {
      problems
      rollback {
        autoRollback
        source
      }
    }
  }
`);

/**
 * What a failed health gate leads to for one compose container: its
 * auto-rollback setting in force now (labels as the engine has them), the
 * one the update engine reads.
 */
function AutoRollbackNote({ name, host }: Pick<Target, "name" | "host">) {
  const [{ data, fetching, error }] = useQuery({
    query: AutoRollbackQuery,
    variables: { name, host },
    requestPolicy: "network-only",
  });
  const scope = data?.policyScope;
  if (scope?.rollback) {
    const by = decidedBy(scope.rollback.source);
    return (
      <Text>
        {scope.rollback.autoRollback
          ? `Automatic rollback is on for ${name} (${by}): if it is not healthy, Docksmith brings the old version back by itself.`
          : `Automatic rollback is off for ${name} (${by}): if it is not healthy, the compose file is restored but ${name} keeps running the new version until you roll it back.`}
      </Text>
    );
  }
  if (scope) {
    // A wrong docksmith.auto-rollback label: the update refuses it first.
    return (
      <Text c="red">
        Automatic rollback cannot be decided ({scope.problems.join("; ") || "a label is wrong"}):
        the update stops before it changes anything until that is fixed.
      </Text>
    );
  }
  if (error) {
    return (
      <Text c="dimmed">
        Whether automatic rollback is on could not be looked up (
        {fromCombined(error).message.replace(/\.$/, "")}); the container's Policies tab shows it.
      </Text>
    );
  }
  return (
    <Text c="dimmed" aria-busy={fetching}>
      Looking up whether automatic rollback is on…
    </Text>
  );
}

export function updateDialogText(c: Target, version?: string | null): DialogText {
  const target = version ?? c.latestVersion ?? c.latestTag ?? "the newest allowed version";
  const moves = `${c.name} moves from ${c.currentVersion ?? c.currentTag ?? "?"} to ${target}.`;
  return {
    title: `Update ${c.name}?`,
    confirmLabel: "Update",
    children:
      c.stack || c.composeFile ? (
        <>
          <Text>
            {moves} Docksmith backs up the compose file, pulls the image, recreates the container
            and waits for it to be healthy.
          </Text>
          <AutoRollbackNote name={c.name} host={c.host} />
        </>
      ) : (
        // A standalone container has no file to edit: it is recreated from
        // its own settings, and the swap puts the old one back whatever the
        // rollback policy says (the old container is kept until then).
        <Text>
          {moves} Docksmith pulls the image, recreates the container with its current settings and
          waits for it to be healthy. If it is not, the old container is put back by itself.
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
