import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
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
      fromSetting
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
        revokedTokens
      }
      ... on UserError {
        message
        code
      }
    }
  }
`);

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 1024;

export interface PasswordProblems {
  name?: string;
  password?: string;
  confirm?: string;
}

/** What is plainly wrong before anything is sent (the server checks the
 * characters of a name and says why). */
export function passwordProblems(
  name: string,
  password: string,
  confirm: string,
): PasswordProblems {
  const problems: PasswordProblems = {};
  if (!name.trim()) problems.name = "Enter the user's name";
  else if (name.trim().length > 64) problems.name = "At most 64 characters";
  if (password.length < MIN_PASSWORD) problems.password = `At least ${MIN_PASSWORD} characters`;
  else if (password.length > MAX_PASSWORD) problems.password = `At most ${MAX_PASSWORD} characters`;
  if (confirm !== password) problems.confirm = "The two passwords differ";
  return problems;
}

/** Which field a server refusal belongs beside: the password's own rule
 * speaks of "a password"; everything else is about the name. */
export function refusalField(message: string): "name" | "password" {
  return /^a password\b/i.test(message) ? "password" : "name";
}

/**
 * Add a user, or give one a new password (which ends their sessions).
 * With `fixedName` the form is for that user only. `onSave` resolves to the
 * server's refusal, or null once saved.
 */
export function SetPasswordForm({
  onSave,
  fixedName,
}: {
  onSave: (name: string, password: string) => Promise<string | null>;
  fixedName?: string;
}) {
  const [name, setName] = useState(fixedName ?? "");
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
        setProblems({ [refusalField(refusal)]: refusal });
        return;
      }
      if (fixedName === undefined) setName("");
      setPassword("");
      setConfirm("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={fixedName === undefined ? "Add a user" : `New password for ${fixedName}`}
    >
      <Group align="flex-start" wrap="wrap" gap="sm">
        {fixedName === undefined && (
          <TextInput
            label="User name"
            required
            autoComplete="off"
            value={name}
            error={problems.name}
            onChange={(e) => setName(e.currentTarget.value)}
            w={{ base: "100%", sm: 180 }}
          />
        )}
        <PasswordInput
          label="New password"
          required
          autoComplete="new-password"
          value={password}
          error={problems.password ?? (fixedName !== undefined ? problems.name : undefined)}
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
          {fixedName === undefined ? "Add user" : "Set password"}
        </Button>
      </Group>
    </form>
  );
}

export interface ListedUser {
  name: string;
  fromSetting: boolean;
}

/** The users, with what may be done to each: nobody removes themselves
 * (it would end the session they ask from), and ADMIN_PASSWORD_HASH's user
 * is changed in that setting. */
export function UsersList({
  users,
  self,
  onNewPassword,
  onRemove,
}: {
  users: ListedUser[];
  self: string | null;
  onNewPassword: (name: string) => void;
  onRemove: (name: string) => void;
}) {
  return (
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
            <Group gap="xs" wrap="wrap">
              <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                {u.name}
                {u.name === self ? " (you)" : ""}
              </Text>
              {u.fromSetting && (
                <Badge
                  variant="light"
                  color="gray"
                  title="Changed in the ADMIN_PASSWORD_HASH setting"
                >
                  ADMIN_PASSWORD_HASH
                </Badge>
              )}
            </Group>
            {!u.fromSetting && (
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => onNewPassword(u.name)}
                  aria-label={`New password for ${u.name}`}
                >
                  New password
                </Button>
                {u.name !== self && (
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => onRemove(u.name)}
                    aria-label={`Remove ${u.name}`}
                  >
                    Remove
                  </Button>
                )}
              </Group>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** Settings → Users: local users who sign in with a password (AUTH=local,
 * or beside OIDC). */
export function UsersSection() {
  const viewer = useViewer();
  if (!managesUsers(viewer)) return null;
  return <UsersPanel self={viewer?.kind === "user" ? viewer.name : null} />;
}

// Removing a user revokes their tokens: the token list must be fetched again.
const USER_CHANGES = { additionalTypenames: ["LocalUser", "ApiToken"] };

function UsersPanel({ self }: { self: string | null }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: UsersQuery,
    context: USER_CHANGES,
  });
  const [, save] = useMutation(SetUserPasswordMutation);
  const [removing, remove] = useMutation(DeleteUserMutation);
  const [toRemove, setToRemove] = useState<string | null>(null);
  const [toChange, setToChange] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });

  async function onSave(name: string, password: string): Promise<string | null> {
    const r = await save({ input: { name, password } }, USER_CHANGES);
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.setUserPassword);
    if (refused) return refused.message;
    setToChange(null);
    if (name === self) {
      // Every session of this user ended, this one too: a full load goes
      // to the sign-in page (as signing out does).
      window.location.assign("/login");
      return null;
    }
    const answer = r.data?.setUserPassword;
    const created = answer?.__typename === "UserPasswordSet" && answer.created;
    notifications.show({
      color: "green",
      message: created
        ? `User ${name} added`
        : `New password for ${name}; they were signed out everywhere`,
    });
    reload();
    return null;
  }

  async function onRemove() {
    const name = toRemove;
    if (!name) return;
    const r = await remove({ input: { name } }, USER_CHANGES);
    const refused = r.error ? fromCombined(r.error) : userError(r.data?.deleteUser);
    setToRemove(null);
    if (refused) {
      notifyError(`Removing ${name} failed`, refused.message, refused.code);
      return;
    }
    const answer = r.data?.deleteUser;
    const revoked = answer?.__typename === "DeletedUser" ? answer.revokedTokens : [];
    notifications.show({
      color: "green",
      message:
        revoked.length > 0
          ? `User ${name} removed; their tokens ${revoked.join(", ")} were revoked`
          : `User ${name} removed`,
    });
    reload();
  }

  const users = data?.users ?? [];
  return (
    <section aria-labelledby="settings-users">
      <Title order={3} size="h4" id="settings-users" mb="xs">
        Users
      </Title>
      <Text size="sm" mb="xs">
        People who sign in with a password; every user is an admin. A new password signs the user
        out everywhere; removing a user also revokes the API tokens they made.
      </Text>
      <Stack gap="sm">
        <Paper withBorder p="sm">
          <SetPasswordForm onSave={onSave} />
        </Paper>
        <ErrorAlert error={error} title="Could not load the users" />
        {!data && fetching && <Skeleton height={40} aria-label="Loading users" />}
        {data && users.length === 0 && <Text size="sm">No users yet.</Text>}
        {users.length > 0 && (
          <UsersList users={users} self={self} onNewPassword={setToChange} onRemove={setToRemove} />
        )}
      </Stack>
      <Modal
        opened={toChange !== null}
        onClose={() => setToChange(null)}
        title={`New password for ${toChange ?? ""}`}
        centered
      >
        {toChange !== null && (
          <Stack>
            <Text size="sm">
              {toChange === self
                ? "All your sessions end, this one too: you sign in again with the new password."
                : `${toChange} is signed out everywhere and signs in with the new password.`}
            </Text>
            <SetPasswordForm key={toChange} fixedName={toChange} onSave={onSave} />
          </Stack>
        )}
      </Modal>
      <ConfirmDialog
        opened={toRemove !== null}
        title={`Remove the user ${toRemove ?? ""}?`}
        confirmLabel="Remove"
        color="red"
        loading={removing.fetching}
        onClose={() => setToRemove(null)}
        onConfirm={onRemove}
      >
        <Text>
          They are signed out, can no longer sign in, and the API tokens they made stop working.
        </Text>
      </ConfirmDialog>
    </section>
  );
}
