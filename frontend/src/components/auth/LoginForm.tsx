import { Alert, Button, Divider, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconLogin } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { OIDC_LOGIN_URL } from "../../lib/auth";

export interface LoginFormProps {
  /** The server takes a password (AUTH=local, or beside OIDC). */
  passwordLogin: boolean;
  /** The server signs in with an OIDC provider. */
  oidcLogin: boolean;
  /** Sign in; resolves to the server's refusal, or null once signed in. */
  onSignIn: (name: string, password: string) => Promise<string | null>;
}

/**
 * The password form and the single sign-on button, whichever the server
 * offers. Fields are checked before anything is sent; the server's refusal
 * (a wrong password, too many attempts) is shown as it says it.
 */
export function LoginForm({ passwordLogin, oidcLogin, onSignIn }: LoginFormProps) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ name?: string; password?: string }>({});
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      name: name.trim() ? undefined : "Enter your user name",
      password: password ? undefined : "Enter your password",
    };
    setMissing(problems);
    if (problems.name || problems.password) return;
    setBusy(true);
    setRefused(null);
    try {
      const refusal = await onSignIn(name.trim(), password);
      if (refusal) {
        setRefused(refusal);
        setPassword("");
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md">
      {oidcLogin && (
        <Button
          component="a"
          href={OIDC_LOGIN_URL}
          size="md"
          leftSection={<IconLogin size={18} aria-hidden />}
        >
          Sign in with single sign-on
        </Button>
      )}
      {oidcLogin && passwordLogin && <Divider label="or with a password" labelPosition="center" />}
      {passwordLogin && (
        <form onSubmit={submit} noValidate aria-label="Sign in with a password">
          <Stack gap="sm">
            {refused && (
              <Alert
                color="red"
                role="alert"
                title="Not signed in"
                icon={<IconAlertTriangle aria-hidden />}
              >
                {refused}
              </Alert>
            )}
            <TextInput
              label="User name"
              name="username"
              autoComplete="username"
              required
              value={name}
              error={missing.name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              error={missing.password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      )}
      {!passwordLogin && !oidcLogin && (
        <Text>
          This server signs people in through the proxy in front of it (AUTH=proxy), which did not
          name you. Open Docksmith through that proxy.
        </Text>
      )}
    </Stack>
  );
}
