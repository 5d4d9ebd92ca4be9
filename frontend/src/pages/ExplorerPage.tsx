import {
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { graphql } from "../gql";
import { notifyError } from "../hooks/useOperationStarter";
import { pruneBlockedReason } from "../lib/emptyStates";
import { fromCombined, type MaybeUserError, userError } from "../lib/errors";
import { DEFAULT_HOST } from "../lib/filters";
import { formatBytes, formatDate } from "../lib/format";

export const ExplorerQuery = graphql(`
  query Explorer($host: String) {
    hosts {
      name
    }
    explorer(host: $host) {
      images {
        id
        tags
        size
        created
        containers
        inUse
        dangling
      }
      networks {
        id
        name
        driver
        scope
        internal
        builtin
        stack
        containers
        created
      }
      volumes {
        name
        driver
        stack
        containers
        size
        created
      }
    }
  }
`);

const RemoveImageMutation = graphql(`
  mutation RemoveImage($input: RemoveImageInput!) {
    removeImage(input: $input) {
      __typename
      ... on ImageRemoved {
        image
        untagged
        deleted
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const RemoveNetworkMutation = graphql(`
  mutation RemoveNetwork($input: RemoveNetworkInput!) {
    removeNetwork(input: $input) {
      __typename
      ... on ResourceRemoved {
        name
        message
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const RemoveVolumeMutation = graphql(`
  mutation RemoveVolume($input: RemoveVolumeInput!) {
    removeVolume(input: $input) {
      __typename
      ... on ResourceRemoved {
        name
        message
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const PrunedFields = graphql(`
  fragment PrunedFields on PruneResult {
    __typename
    ... on Pruned {
      kind
      count
      spaceReclaimed
      deleted
    }
    ... on UserError {
      message
      code
    }
  }
`);
void PrunedFields;

const PruneImagesMutation = graphql(`
  mutation PruneImages($input: PruneImagesInput) {
    pruneImages(input: $input) {
      ...PrunedFields
    }
  }
`);

const PruneNetworksMutation = graphql(`
  mutation PruneNetworks($input: PruneInput) {
    pruneNetworks(input: $input) {
      ...PrunedFields
    }
  }
`);

const PruneVolumesMutation = graphql(`
  mutation PruneVolumes($input: PruneInput) {
    pruneVolumes(input: $input) {
      ...PrunedFields
    }
  }
`);

type Kind = "image" | "network" | "volume";

interface Pending {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  run: () => Promise<void>;
}

function UsedBy({ containers }: { containers: string[] }) {
  if (containers.length === 0) {
    return (
      <Badge color="gray" variant="light">
        Unused
      </Badge>
    );
  }
  return (
    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
      Used by {containers.join(", ")}
    </Text>
  );
}

function Row({
  title,
  details,
  removeLabel,
  onRemove,
  children,
}: {
  title: string;
  details: ReactNode;
  removeLabel: string | null;
  onRemove: () => void;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" component="li" aria-label={title} style={{ listStyle: "none" }}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 240px" }}>
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {title}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {details}
          </Text>
          {children}
        </Stack>
        {removeLabel && (
          <Button
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={onRemove}
            aria-label={removeLabel}
          >
            Remove
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** A Prune button, disabled with its reason said beside it while it cannot act. */
function PruneButton({
  kind,
  blocked,
  onClick,
}: {
  kind: Kind;
  blocked: string | null;
  onClick: () => void;
}) {
  const reasonId = `prune-${kind}-blocked`;
  return (
    <>
      {blocked && (
        <Text id={reasonId} size="sm" c="dimmed">
          {blocked}
        </Text>
      )}
      <Button
        size="xs"
        variant="light"
        color="red"
        onClick={onClick}
        disabled={blocked !== null}
        aria-describedby={blocked ? reasonId : undefined}
      >
        Prune {kind}s
      </Button>
    </>
  );
}

function ListSkeleton() {
  return (
    <Stack aria-busy="true" aria-label="Loading resources">
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} height={64} />
      ))}
    </Stack>
  );
}

export function ExplorerPage() {
  // The host whose resources are shown and acted on (null: the default).
  const [host, setHost] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ExplorerQuery,
    variables: { host },
  });
  const hosts = (data?.hosts ?? []).map((h) => h.name);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [pruneAll, setPruneAll] = useState(false);
  const [, removeImage] = useMutation(RemoveImageMutation);
  const [, removeNetwork] = useMutation(RemoveNetworkMutation);
  const [, removeVolume] = useMutation(RemoveVolumeMutation);
  const [, pruneImages] = useMutation(PruneImagesMutation);
  const [, pruneNetworks] = useMutation(PruneNetworksMutation);
  const [, pruneVolumes] = useMutation(PruneVolumesMutation);
  const explorer = data?.explorer;

  const reload = () => refetch({ requestPolicy: "network-only" });

  /** A mutation's answer: the error said with its code, or the success message shown. */
  function report(
    title: string,
    answer: {
      error?: import("urql").CombinedError | undefined;
      result: MaybeUserError | null | undefined;
    },
    success: string,
  ) {
    const refused = answer.error ? fromCombined(answer.error) : userError(answer.result);
    if (refused) {
      notifyError(title, refused.message, refused.code);
      return;
    }
    notifications.show({ color: "green", title: "Done", message: success });
  }

  function confirmRemove(kind: Kind, name: string, size: number | null | undefined) {
    setPending({
      title: `Remove ${kind} ${name}?`,
      confirmLabel: "Remove",
      body: (
        <Text style={{ overflowWrap: "anywhere" }}>
          {name} is deleted from the Docker engine{host ? ` of host ${host}` : ""}
          {size ? `, freeing about ${formatBytes(size)}` : ""}. This cannot be undone.
        </Text>
      ),
      run: async () => {
        if (kind === "image") {
          const r = await removeImage({ input: { image: name, host } });
          const removed = r.data?.removeImage;
          const freed =
            removed?.__typename === "ImageRemoved" && removed.deleted.length > 0 && size
              ? ` (${formatBytes(size)} reclaimed)`
              : "";
          report(
            `Removing ${name} failed`,
            { error: r.error, result: removed },
            `Removed ${name}${freed}`,
          );
        } else if (kind === "network") {
          const r = await removeNetwork({ input: { network: name, host } });
          report(
            `Removing ${name} failed`,
            { error: r.error, result: r.data?.removeNetwork },
            `Removed network ${name}`,
          );
        } else {
          const r = await removeVolume({ input: { volume: name, host } });
          report(
            `Removing ${name} failed`,
            { error: r.error, result: r.data?.removeVolume },
            `Removed volume ${name}${size ? ` (${formatBytes(size)} reclaimed)` : ""}`,
          );
        }
      },
    });
  }

  function confirmPrune(kind: Kind) {
    const what =
      kind === "image"
        ? pruneAll
          ? "every image no container uses"
          : "dangling (untagged) images"
        : kind === "network"
          ? "networks no container uses"
          : "volumes no container uses (their data is lost)";
    setPending({
      title: `Prune ${kind}s?`,
      confirmLabel: "Prune",
      body: (
        <Text>
          Docker{host ? ` on host ${host}` : ""} deletes {what}. Compose stacks' resources are kept.
        </Text>
      ),
      run: async () => {
        const r =
          kind === "image"
            ? await pruneImages({ input: { all: pruneAll, host } }).then((x) => ({
                error: x.error,
                result: x.data?.pruneImages,
              }))
            : kind === "network"
              ? await pruneNetworks({ input: { host } }).then((x) => ({
                  error: x.error,
                  result: x.data?.pruneNetworks,
                }))
              : await pruneVolumes({ input: { host } }).then((x) => ({
                  error: x.error,
                  result: x.data?.pruneVolumes,
                }));
        const result = r.result;
        const summary =
          result?.__typename === "Pruned"
            ? `Pruned ${result.count} ${kind}${result.count === 1 ? "" : "s"}, ${formatBytes(result.spaceReclaimed)} reclaimed`
            : "";
        report(`Pruning ${kind}s failed`, r, summary);
      },
    });
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    try {
      await pending.run();
    } finally {
      setBusy(false);
      setPending(null);
      reload();
    }
  }

  const totalImages = explorer?.images.reduce((sum, i) => sum + i.size, 0) ?? 0;
  const pruneBlocked = pruneBlockedReason(Boolean(explorer), Boolean(error));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" align="flex-end">
        <Title order={2}>Explorer</Title>
        {hosts.length > 1 && (
          <Select
            label="Host"
            data={hosts}
            value={host ?? DEFAULT_HOST}
            onChange={(v) => setHost(v && v !== DEFAULT_HOST ? v : null)}
            allowDeselect={false}
            w={{ base: "100%", xs: 220 }}
          />
        )}
      </Group>
      <ErrorAlert error={error} title="Could not load the Docker resources" />
      <Tabs defaultValue="images" keepMounted={false}>
        <Tabs.List aria-label="Resource kinds">
          <Tabs.Tab value="images">Images{explorer ? ` (${explorer.images.length})` : ""}</Tabs.Tab>
          <Tabs.Tab value="networks">
            Networks{explorer ? ` (${explorer.networks.length})` : ""}
          </Tabs.Tab>
          <Tabs.Tab value="volumes">
            Volumes{explorer ? ` (${explorer.volumes.length})` : ""}
          </Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="images" pt="md">
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap">
              <Text size="sm" c="dimmed">
                {explorer ? `${formatBytes(totalImages)} in ${explorer.images.length} images` : ""}
              </Text>
              <Group gap="sm">
                <Checkbox
                  label="Include unused tagged images"
                  checked={pruneAll}
                  onChange={(e) => setPruneAll(e.currentTarget.checked)}
                />
                <PruneButton
                  kind="image"
                  blocked={pruneBlocked}
                  onClick={() => confirmPrune("image")}
                />
              </Group>
            </Group>
            {!explorer && fetching && <ListSkeleton />}
            <Stack gap="xs" component="ul" p={0} m={0}>
              {explorer?.images.map((image) => {
                const name = image.tags[0] ?? image.id.replace("sha256:", "").slice(0, 12);
                return (
                  <Row
                    key={image.id}
                    title={name}
                    details={`${formatBytes(image.size)} · created ${formatDate(image.created)}${image.tags.length > 1 ? ` · also ${image.tags.slice(1).join(", ")}` : ""}`}
                    removeLabel={image.inUse ? null : `Remove image ${name}`}
                    onRemove={() => confirmRemove("image", image.tags[0] ?? image.id, image.size)}
                  >
                    <Group gap="xs">
                      <UsedBy containers={image.containers} />
                      {image.dangling && (
                        <Badge color="yellow" variant="light">
                          Dangling
                        </Badge>
                      )}
                    </Group>
                  </Row>
                );
              })}
            </Stack>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="networks" pt="md">
          <Stack gap="sm">
            <Group justify="flex-end" wrap="wrap">
              <PruneButton
                kind="network"
                blocked={pruneBlocked}
                onClick={() => confirmPrune("network")}
              />
            </Group>
            {!explorer && fetching && <ListSkeleton />}
            <Stack gap="xs" component="ul" p={0} m={0}>
              {explorer?.networks.map((n) => (
                <Row
                  key={n.id}
                  title={n.name}
                  details={`${n.driver} · ${n.scope}${n.internal ? " · internal" : ""}${n.stack ? ` · stack ${n.stack}` : ""}`}
                  removeLabel={
                    n.builtin || n.containers.length > 0 ? null : `Remove network ${n.name}`
                  }
                  onRemove={() => confirmRemove("network", n.name, null)}
                >
                  {n.builtin ? (
                    <Badge color="gray" variant="light">
                      Built in
                    </Badge>
                  ) : (
                    <UsedBy containers={n.containers} />
                  )}
                </Row>
              ))}
            </Stack>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="volumes" pt="md">
          <Stack gap="sm">
            <Group justify="flex-end" wrap="wrap">
              <PruneButton
                kind="volume"
                blocked={pruneBlocked}
                onClick={() => confirmPrune("volume")}
              />
            </Group>
            {!explorer && fetching && <ListSkeleton />}
            <Stack gap="xs" component="ul" p={0} m={0}>
              {explorer?.volumes.map((v) => (
                <Row
                  key={v.name}
                  title={v.name}
                  details={`${v.driver} · ${v.size === null || v.size === undefined ? "size unknown" : formatBytes(v.size)}${v.stack ? ` · stack ${v.stack}` : ""}`}
                  removeLabel={v.containers.length > 0 ? null : `Remove volume ${v.name}`}
                  onRemove={() => confirmRemove("volume", v.name, v.size)}
                >
                  <UsedBy containers={v.containers} />
                </Row>
              ))}
            </Stack>
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <ConfirmDialog
        opened={pending !== null}
        title={pending?.title ?? ""}
        confirmLabel={pending?.confirmLabel ?? ""}
        color="red"
        loading={busy}
        onClose={() => setPending(null)}
        onConfirm={confirm}
      >
        {pending?.body}
      </ConfirmDialog>
    </Stack>
  );
}
