import { Button, Group, Paper, PasswordInput, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import { notifyError } from "../../hooks/useOperationStarter";
import { fromCombined, userError } from "../../lib/errors";
import { ConfirmDialog } from "../ConfirmDialog";
import { ErrorAlert } from "../ErrorAlert";
import { managesUsers, useViewer } from "./viewer";

export const UsersQuery = graphql(`
  query LocalUsers {
    users {
      name
    }
  }
`);

const SetUserPasswordMutation = graphql(`
  mutation SetUserPassword($input: SetUserPasswordInput!) {
    setUserPassword(input: $input) {
      __typename
      ... on UserPasswordSet {
        name
        created
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

const DeleteUserMutation = graphql(`
  mutation DeleteUser($input: DeleteUserInput!) {
    deleteUser(input: $input) {
      __typename
      ... on DeletedUser {
        name
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

export const MIN_PASSWORD = 8;

export interface PasswordProblems {
  name?: string;
  password?: string;
  confirm?: string;
}

/** What is plainly wrong before anything is sent (the server checks the
 * characters of a name and says why). */
export function passwordProblems(name: string, password: string, confirm: string): PasswordProblems {
  const problems: PasswordProblems = {};
  if (!name.trim()) problems.name = "Enter the user's name";
  else if (name.trim().length > 64) problems.name = "At most 64 characters";
  if (password.length < MIN_PASSWORD) problems.password = `At least ${MIN_PASSWORD} characters`;
  else if (password.length > 1024) problems.password = "At most 1024 characters";
  if (confirm !== password) problems.confirm = "The two passwords differ";
  return problems;
}

/**
 * Add a user, or give one a new password (which ends their sessions).
 * `onSave` resolves to the server's refusal, or null once saved.
 */
export function SetPasswordForm({
  onSave,
}: {
  onSave: (name: string, password: string) => Promise<string | null>;
}) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [problems, setProblems] = useState<PasswordProblems>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = passwordProblems(name, password, confirm);
    setProblems(found);
    if (found.name || found.password || found.confirm) return;
    setBusy(true);
    try {
      const refusal = await onSave(name.trim(), password);
      if (refusal) {
        setProblems({ name: refusal });
        return;
      }
      setName("");
      setPassword("");
      setConfirm("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add a user or set a password">
      <Group align="flex-start" wrap="wrap" gap="sm">
        <TextInput
          label="User name"
          required
          autoComplete="off"
          value={name}
          error={problems.name}
          onChange={(e) => setName(e.currentTarget.value)}
          w={{ base: "100%", sm: 180 }}
        />
        <PasswordInput
          label="New password"
          required
          autoComplete="new-password"
          value={password}
          error={problems.password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          w={{ base: "100%", sm: 200 }}
        />
        <PasswordInput
          label="Repeat the password"
          required
          autoComplete="new-password"
          value={confirm}
          error={problems.confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          w={{ base: "100%", sm: 200 }}
        />
        <Button type="submit" loading={busy} mt={{ base: 0, sm: 25 }}>
          Save user
        </Button>
      </Group>
    </form>
  );
}

/** Settings → Users: local users who sign in with a password (AUTH=local). */
export function UsersSection() {
  const viewer = useViewer();
  if (!managesUsers(viewer)) return null;
  return <UsersPanel self={viewer?.name ?? null} />;
}

function UsersPanel({ self }: { self: string | null }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: UsersQuery });
  const [, save] = useMutation(SetUserPasswordMutation);
  const [removing, remove] = useMutation(DeleteUserMutation);
  const [toRemove, setToRemove] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });

  async function onSave(name: string, password: string): Promise<string | null> {
    const r = await save({ input: { name, password } });
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.setUserPassword);
    if (refused) return refused.message;
    const answer = r.data?.setUserPassword;
    const created = answer?.__typename === "UserPasswordSet" && answer.created;
    notifications.show({
      color: "green",
      message: created ? `User ${name} added` : `Password of ${name} changed; their sessions ended`,
    });
    reload();
    return null;
  }

  async function onRemove() {
    const name = toRemove;
    if (!name) return;
    const r = await remove({ input: { name } });
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.deleteUser);
    setToRemove(null);
    if (refused) {
      notifyError(`Removing ${name} failed`, refused.message, refused.code);
      return;
    }
    notifications.show({ color: "green", message: `User ${name} removed` });
    reload();
  }

  const users = data?.users ?? [];
  return (
    <section aria-labelledby="settings-users">
      <Title order={3} size="h4" id="settings-users" mb="xs">
        Users
      </Title>
      <Text size="sm" mb="xs">
        People who sign in with a password; every user is an admin.
      </Text>
      <Stack gap="sm">
        <Paper withBorder p="sm">
          <SetPasswordForm onSave={onSave} />
        </Paper>
        <ErrorAlert error={error} title="Could not load the users" />
        {!data && fetching && <Skeleton height={40} aria-label="Loading users" />}
        {data && users.length === 0 && (
          <Text size="sm">No users in the database (ADMIN_PASSWORD_HASH signs in its user).</Text>
        )}
        {users.length > 0 && (
          <Stack gap="xs" component="ul" p={0} m={0} aria-label="Users">
            {users.map((u) => (
              <Paper
                key={u.name}
                withBorder
                p="sm"
                component="li"
                aria-label={`User ${u.name}`}
                style={{ listStyle: "none" }}
              >
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                    {u.name}
                    {u.name === self ? " (you)" : ""}
                  </Text>
                  {u.name !== self && (
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      onClick={() => setToRemove(u.name)}
                      aria-label={`Remove ${u.name}`}
                    >
                      Remove
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
      <ConfirmDialog
        opened={toRemove !== null}
        title={`Remove the user ${toRemove ?? ""}?`}
        confirmLabel="Remove"
        color="red"
        loading={removing.fetching}
        onClose={() => setToRemove(null)}
        onConfirm={onRemove}
      >
        <Text>They are signed out and can no longer sign in.</Text>
      </ConfirmDialog>
    </section>
  );
}
