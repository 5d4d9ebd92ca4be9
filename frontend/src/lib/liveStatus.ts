import type { Client as WsClient } from "graphql-ws";

/**
 * The GraphQL WebSocket as a person needs to know it:
 * - `idle`: no live view needs it (no socket);
 * - `connecting`: the first connection is being opened;
 * - `live`: subscriptions are delivered;
 * - `reconnecting`: the connection dropped (or never came up) and is retried,
 *   live views show what they last received;
 * - `stopped`: the server refused the connection for good (graphql-ws does
 *   not retry these), live views stay frozen until the page is reloaded.
 */
export type LiveStatus = "idle" | "connecting" | "live" | "reconnecting" | "stopped";

export interface LiveState {
  status: LiveStatus;
  /** The close code and reason of the drop, when there was one. */
  code?: number;
  reason?: string;
}

/** Closed because the browser is not, or no longer, signed in. */
export const SIGNED_OUT_CLOSE = 4403;

// Close codes after which graphql-ws gives up (its client's own list): bad
// requests, authentication, protocol errors; and 4403, which the client is
// told not to retry (client.ts): the server refused the socket, or ended it
// with the credentials it signed in with (docs/security.md).
const GIVE_UP = new Set([4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429, SIGNED_OUT_CLOSE]);
// 1xxx codes it retries; every other 1xxx one is fatal to it.
const RETRIED_1XXX = new Set([1001, 1005, 1006, 1012, 1013, 1014]);

export function isSignedOutClose(event: unknown): boolean {
  return closeOf(event)?.code === SIGNED_OUT_CLOSE;
}

function closeOf(event: unknown): { code: number; reason: string } | null {
  if (typeof event !== "object" || event === null || !("code" in event)) return null;
  const { code, reason } = event as { code: unknown; reason?: unknown };
  return typeof code === "number"
    ? { code, reason: typeof reason === "string" ? reason : "" }
    : null;
}

/** What follows a `closed` event while subscriptions still want the socket. */
export function afterClose(event: unknown): LiveState {
  const close = closeOf(event);
  if (!close) return { status: "reconnecting" };
  const { code, reason } = close;
  if (code === 1000) return { status: "idle" };
  const fatal = GIVE_UP.has(code) || (code > 1000 && code < 2000 && !RETRIED_1XXX.has(code));
  return { status: fatal ? "stopped" : "reconnecting", code, reason };
}

export interface LiveStatusStore {
  get(): LiveState;
  subscribe(listener: () => void): () => void;
  /** Marks one subscription as wanting the socket; call the result when it ends. */
  hold(): () => void;
}

/** Follows the socket's events (and how many subscriptions want it). */
export function watchLiveStatus(ws: Pick<WsClient, "on">): LiveStatusStore {
  let state: LiveState = { status: "idle" };
  let holds = 0;
  const listeners = new Set<() => void>();
  const set = (next: LiveState) => {
    if (next.status === state.status && next.code === state.code) return;
    state = next;
    for (const listener of listeners) listener();
  };
  ws.on("connecting", (isRetry) => {
    // A retry keeps saying "reconnecting" until it is through.
    if (isRetry || state.status === "reconnecting") set({ ...state, status: "reconnecting" });
    else set({ status: "connecting" });
  });
  ws.on("connected", () => set({ status: "live" }));
  ws.on("closed", (event) => set(holds === 0 ? { status: "idle" } : afterClose(event)));
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hold() {
      holds += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        // graphql-ws stops retrying once nothing is subscribed, without an
        // event: nothing is waiting on the socket any more.
        const waiting = state.status === "reconnecting" || state.status === "connecting";
        if (holds === 0 && waiting) set({ status: "idle" });
      };
    },
  };
}
