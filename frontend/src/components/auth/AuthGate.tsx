import { Center, Loader, Stack, Text } from "@mantine/core";
import { type ReactNode, useEffect, useState } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiError, fetchViewer, loginPath, type Viewer } from "../../lib/auth";
import { UNAUTHENTICATED_EVENT } from "../../lib/client";
import { ErrorAlert } from "../ErrorAlert";
import { ViewerContext } from "./viewer";

/**
 * Lets the app in once the server says who the browser is. With
 * authentication off that is everyone, at once; a browser without a session
 * goes to /login, and comes back to where it was after signing in. A 401 from
 * any later request (the session expired) does the same.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const location = useLocation();
  const navigate = useNavigate();
  const here = `${location.pathname}${location.search}${location.hash}`;

  useEffect(() => {
    fetchViewer().then(setViewer, (e: unknown) =>
      setFailure(e instanceof ApiError ? e : new ApiError(String(e), "UNKNOWN", 0)),
    );
  }, []);

  useEffect(() => {
    const signedOut = () => {
      navigate(loginPath(window.location.pathname + window.location.search), {
        replace: true,
      });
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, signedOut);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, signedOut);
  }, [navigate]);

  if (failure) {
    return (
      <Stack p="md">
        <ErrorAlert
          error={{ message: failure.message, code: failure.code }}
          title="Could not ask the server who you are"
        />
        <Text size="sm">
          <a href={here}>Try again</a>
        </Text>
      </Stack>
    );
  }
  if (!viewer) {
    return (
      <Center h="100vh" aria-busy="true" aria-label="Loading">
        <Loader />
      </Center>
    );
  }
  if (!viewer.authenticated) return <Navigate to={loginPath(here)} replace />;
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}
