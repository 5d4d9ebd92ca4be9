import { Center, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { LoginForm } from "../components/auth/LoginForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { ApiError, fetchViewer, safeNext, signIn, type Viewer } from "../lib/auth";

function go(path: string) {
  // A full load: the GraphQL client, its cache and its socket start again
  // with the new session, and nothing of the previous one stays in memory.
  window.location.assign(path);
}

/** /login: outside the app's frame, reachable without a session. */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);

  useEffect(() => {
    fetchViewer().then(
      (v) => {
        // Already signed in (or authentication is off): nothing to do here.
        if (v.authenticated) go(next);
        else setViewer(v);
      },
      (e: unknown) => setFailure(e instanceof ApiError ? e : new ApiError(String(e), "UNKNOWN", 0)),
    );
  }, [next]);

  async function onSignIn(name: string, password: string): Promise<string | null> {
    try {
      await signIn(name, password);
    } catch (e) {
      return e instanceof ApiError ? e.message : String(e);
    }
    go(next);
    return null;
  }

  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={1} size="h2">
              Docksmith
            </Title>
            <Text>Sign in to manage your containers.</Text>
          </Stack>
          {failure && (
            <ErrorAlert
              error={{ message: failure.message, code: failure.code }}
              title="Could not reach the server"
            />
          )}
          {!viewer && !failure && <Loader aria-label="Loading" mx="auto" />}
          {viewer && (
            <LoginForm
              passwordLogin={viewer.password_login}
              oidcLogin={viewer.oidc_login}
              onSignIn={onSignIn}
            />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
