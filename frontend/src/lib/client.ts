import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import {
  Client,
  type CombinedError,
  cacheExchange,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
} from "urql";
import { isSignedOutClose, type LiveStatusStore, watchLiveStatus } from "./liveStatus";
import { refetchOnReconnectExchange } from "./refetchOnReconnect";

/** The GraphQL endpoint over WebSocket, on the server that served the page. */
export function wsUrl(loc: Location = window.location): string {
  const proto = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${proto}//${loc.host}/graphql`;
}

/** Wait before the nth reconnection: 0.5 s doubling up to 10 s, with jitter. */
export function retryDelay(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/**
 * The CSRF token of a signed-in browser (the `docksmith_csrf` cookie), sent
 * back as `X-CSRF-Token` with every request: the server refuses a change
 * made with the session cookie alone (docs/security.md).
 */
export function csrfHeaders(cookie: string = document.cookie): Record<string, string> {
  const match = /(?:^|;\s*)docksmith_csrf=([^;]+)/.exec(cookie);
  const token = match?.[1];
  return token ? { "X-CSRF-Token": decodeURIComponent(token) } : {};
}

/** Whether a GraphQL failure means "not signed in" (HTTP 401 or the code). */
export function isUnauthenticated(error: CombinedError): boolean {
  const status = (error.response as { status?: number } | undefined)?.status;
  if (status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
}

/** Fired on window when the server answers 401: the session ended. */
export const UNAUTHENTICATED_EVENT = "docksmith:unauthenticated";

function announceUnauthenticated(): void {
  window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
}

export interface Clients {
  client: Client;
  ws: WsClient;
  /** Whether live views receive their updates (the header shows it). */
  live: LiveStatusStore;
}

/**
 * urql over fetch for queries and mutations, graphql-ws for subscriptions.
 * The socket reconnects for ever (a server restart or a network blip must
 * not leave a progress view frozen), unless the server closed it because the
 * session ended. graphql-ws re-subscribes every active subscription after
 * reconnecting; views take their state from a query, and every query on
 * screen is run again then, so what a missed event would have changed is
 * filled in.
 */
export function makeClients(onUnauthenticated: () => void = announceUnauthenticated): Clients {
  const ws = createWsClient({
    url: wsUrl(),
    lazy: true,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Except a socket closed for want of a session (signed out, here or
    // elsewhere; a new password; the user removed): retrying cannot help.
    shouldRetry: (event) => !isSignedOutClose(event),
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelay(attempt))),
  });
  // The socket learns first when a session ends while nothing is fetched:
  // the app goes to the login page, as on a 401.
  ws.on("closed", (event) => {
    if (isSignedOutClose(event)) onUnauthenticated();
  });
  const live = watchLiveStatus(ws);
  const client = new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    // POST for everything: long queries stay out of URLs and access logs.
    preferGetMethod: false,
    // The session cookie goes with every request; the CSRF token is read
    // fresh each time (a new sign-in replaces it).
    fetchOptions: () => ({ credentials: "same-origin", headers: csrfHeaders() }),
    exchanges: [
      // A session that expired (or was signed out elsewhere) answers 401:
      // the app goes to the login page instead of showing the error.
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      // After a reconnection, not after the first connection (graphql-ws's
      // `wasRetry`): views mounted since then already fetched.
      refetchOnReconnectExchange((listener) =>
        ws.on("connected", (_socket, _payload, wasRetry) => {
          if (wasRetry) listener();
        }),
      ),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              const release = live.hold();
              const unsubscribe = ws.subscribe(input, {
                next: sink.next.bind(sink),
                error: (error) => {
                  release();
                  sink.error(error);
                },
                complete: () => {
                  release();
                  sink.complete();
                },
              });
              return {
                unsubscribe() {
                  release();
                  unsubscribe();
                },
              };
            },
          };
        },
      }),
    ],
  });
  return { client, ws, live };
}
