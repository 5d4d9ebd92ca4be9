import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  NumberInput,
  Paper,
  Radio,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import type { Scope } from "../../gql/graphql";
import { notifyError } from "../../hooks/useOperationStarter";
import { actorPhrase } from "../../lib/actor";
import { fromCombined, userError } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorAlert } from "../ErrorAlert";
import { managesTokens, useViewer } from "./viewer";

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      name
      scope
      createdBy
      createdAt
      expiresAt
      lastUsedAt
    }
  }
`);

const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreatedApiToken {
        token
        apiToken {
          name
          scope
        }
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      __typename
      ... on RevokedApiToken {
        name
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

export const SCOPE_HELP: Record<Scope, string> = {
  READ: "Read: look only (dashboards, Homepage widgets)",
  OPERATE: "Operate: also update, roll back and restart",
  ADMIN: "Admin: everything, including deletes, settings and tokens",
};

const SCOPE_LABEL: Record<Scope, string> = { READ: "read", OPERATE: "operate", ADMIN: "admin" };
const SCOPE_COLOR: Record<Scope, string> = { READ: "blue", OPERATE: "orange", ADMIN: "red" };
export const MAX_DAYS = 3650;

export interface NewToken {
  name: string;
  scope: Scope;
  expiresInDays: number | null;
}

/** What is plainly missing or out of range, before anything is sent (the
 * server checks the rest, e.g. the characters of a name, and says why). */
export function tokenProblems(
  name: string,
  days: number | string,
): {
  name?: string;
  days?: string;
} {
  const problems: { name?: string; days?: string } = {};
  const trimmed = name.trim();
  if (!trimmed) problems.name = "Give the token a name (who or what will use it)";
  else if (trimmed.length > 64) problems.name = "At most 64 characters";
  if (
    days !== "" &&
    !(Number.isInteger(Number(days)) && Number(days) >= 1 && Number(days) <= MAX_DAYS)
  ) {
    problems.days = `A whole number of days from 1 to ${MAX_DAYS}, or empty for never`;
  }
  return problems;
}

/**
 * Make a token: a name, a scope (read by default: the least that works for
 * a dashboard) and an optional expiry. `onCreate` resolves to the server's
 * refusal, or null when the token was made.
 */
export function CreateTokenForm({
  onCreate,
}: {
  onCreate: (token: NewToken) => Promise<string | null>;
}) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>("READ");
  const [days, setDays] = useState<number | string>(90);
  const [problems, setProblems] = useState<{ name?: string; days?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = tokenProblems(name, days);
    setProblems(found);
    if (found.name || found.days) return;
    setBusy(true);
    try {
      const refusal = await onCreate({
        name: name.trim(),
        scope,
        expiresInDays: days === "" ? null : Number(days),
      });
      if (refusal) setProblems({ name: refusal });
      else setName("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New API token">
      <Group align="flex-start" wrap="wrap" gap="sm">
        <TextInput
          label="Name"
          placeholder="homepage"
          required
          value={name}
          error={problems.name}
          onChange={(e) => setName(e.currentTarget.value)}
          w={{ base: "100%", sm: 200 }}
        />
        <Radio.Group
          label="Scope"
          value={scope}
          onChange={(v) => setScope(v as Scope)}
          w={{ base: "100%", sm: 330 }}
        >
          <Stack gap={6} mt={6}>
            {(Object.keys(SCOPE_HELP) as Scope[]).map((s) => (
              <Radio key={s} value={s} label={SCOPE_HELP[s]} />
            ))}
          </Stack>
        </Radio.Group>
        <NumberInput
          label="Expires after (days)"
          description="Empty: never"
          min={1}
          max={MAX_DAYS}
          allowDecimal={false}
          // Out of range is said, not silently changed into something else.
          clampBehavior="none"
          value={days}
          error={problems.days}
          onChange={setDays}
          w={{ base: "100%", sm: 170 }}
        />
        <Button type="submit" loading={busy} mt={{ base: 0, sm: 25 }}>
          Create token
        </Button>
      </Group>
    </form>
  );
}

/** The new token, this once: only its hash is kept on the server. */
export function NewTokenNotice({
  name,
  token,
  onDone,
}: {
  name: string;
  token: string;
  onDone: () => void;
}) {
  return (
    <Alert color="green" title={`Token ${name} created`} icon={<IconKey aria-hidden />}>
      <Stack gap="xs">
        <Text size="sm">
          Copy it now: it is not shown again. Send it as{" "}
          <Code>Authorization: Bearer &lt;token&gt;</Code>.
        </Text>
        <Code
          block
          data-testid="new-token"
          style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
        >
          {token}
        </Code>
        <Group gap="xs">
          <CopyButton value={token}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="light"
                onClick={copy}
                leftSection={
                  copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                }
              >
                {copied ? "Copied" : "Copy token"}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/**
 * Settings → API tokens: make (shown once), list and revoke. Only where it
 * means something: authentication is on and the viewer is an admin.
 */
export function ApiTokensSection() {
  const viewer = useViewer();
  if (!managesTokens(viewer)) return null;
  return <ApiTokensPanel />;
}

function ApiTokensPanel() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApiTokensQuery });
  const [, create] = useMutation(CreateApiTokenMutation);
  const [revoking, revoke] = useMutation(RevokeApiTokenMutation);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [toRevoke, setToRevoke] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });

  async function onCreate(token: NewToken): Promise<string | null> {
    const r = await create({ input: token });
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.createApiToken);
    if (refused) return refused.message;
    const answer = r.data?.createApiToken;
    if (answer?.__typename === "CreatedApiToken") {
      setCreated({ name: answer.apiToken.name, token: answer.token });
    }
    reload();
    return null;
  }

  async function onRevoke() {
    const name = toRevoke;
    if (!name) return;
    const r = await revoke({ input: { name } });
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.revokeApiToken);
    setToRevoke(null);
    if (refused) {
      notifyError(`Revoking ${name} failed`, refused.message, refused.code);
      return;
    }
    notifications.show({ color: "green", message: `Token ${name} revoked` });
    if (created?.name === name) setCreated(null);
    reload();
  }

  const tokens = data?.apiTokens ?? [];
  return (
    <section aria-labelledby="settings-tokens">
      <Title order={3} size="h4" id="settings-tokens" mb="xs">
        API tokens
      </Title>
      <Text size="sm" mb="xs">
        For scripts and dashboards: sent as a bearer header, or in the GraphQL socket&apos;s
        connection_init.
      </Text>
      <Stack gap="sm">
        {created && (
          <NewTokenNotice
            name={created.name}
            token={created.token}
            onDone={() => setCreated(null)}
          />
        )}
        <Paper withBorder p="sm">
          <CreateTokenForm onCreate={onCreate} />
        </Paper>
        <ErrorAlert error={error} title="Could not load the API tokens" />
        {!data && fetching && <Skeleton height={60} aria-label="Loading API tokens" />}
        {data && tokens.length === 0 && <Text size="sm">No API tokens yet.</Text>}
        {tokens.length > 0 && (
          <Stack gap="xs" component="ul" p={0} m={0} aria-label="API tokens">
            {tokens.map((t) => (
              <Paper
                key={t.name}
                withBorder
                p="sm"
                component="li"
                aria-label={`Token ${t.name}`}
                style={{ listStyle: "none" }}
              >
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap="xs" wrap="wrap">
                      <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                        {t.name}
                      </Text>
                      <Badge variant="light" color={SCOPE_COLOR[t.scope]}>
                        {SCOPE_LABEL[t.scope]}
                      </Badge>
                    </Group>
                    <Text size="sm">
                      Created {formatDate(t.createdAt)}
                      {t.createdBy ? ` ${actorPhrase(t.createdBy)}` : ""} · expires{" "}
                      {t.expiresAt ? formatDate(t.expiresAt) : "never"} · last used{" "}
                      {t.lastUsedAt ? formatDate(t.lastUsedAt) : "never"}
                    </Text>
                  </Stack>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => setToRevoke(t.name)}
                    aria-label={`Revoke ${t.name}`}
                  >
                    Revoke
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
      <ConfirmDialog
        opened={toRevoke !== null}
        title={`Revoke the token ${toRevoke ?? ""}?`}
        confirmLabel="Revoke"
        color="red"
        loading={revoking.fetching}
        onClose={() => setToRevoke(null)}
        onConfirm={onRevoke}
      >
        <Text>Whatever uses it is refused from now on. This cannot be undone.</Text>
      </ConfirmDialog>
    </section>
  );
}
