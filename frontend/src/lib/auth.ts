import { csrfHeaders } from "./client";

/**
 * Who the browser is, as `GET /api/auth/session` says (public: it answers
 * before anyone signs in). With authentication off (loopback, AUTH=none)
 * everyone is `authenticated` with kind `open` and the UI looks as it always
 * did; otherwise a browser without a session is sent to /login.
 */
export interface Viewer {
  authenticated: boolean;
  name: string | null;
  kind: "open" | "system" | "user" | "token" | "anonymous";
  scope: "read" | "operate" | "admin" | null;
  mode: "none" | "local" | "proxy" | "oidc";
  password_login: boolean;
  oidc_login: boolean;
}

export const OIDC_LOGIN_URL = "/api/auth/oidc/login";

interface Envelope<T> {
  success: boolean;
  data?: T;
  error?: { message: string; code: string };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...csrfHeaders(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(
      `The Docksmith server could not be reached (${(e as Error).message}).`,
      "NETWORK_ERROR",
      0,
    );
  }
  let envelope: Envelope<T> | null = null;
  try {
    envelope = (await response.json()) as Envelope<T>;
  } catch {
    // Not the API's envelope (a proxy's error page): said below by status.
  }
  if (response.ok && envelope?.success && envelope.data !== undefined) return envelope.data;
  const error = envelope?.error;
  throw new ApiError(
    error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
    error?.code ?? "HTTP_ERROR",
    response.status,
  );
}

export function fetchViewer(): Promise<Viewer> {
  return call<Viewer>("GET", "/api/auth/session");
}

/** Password sign-in: the answer sets the session and CSRF cookies. */
export async function signIn(name: string, password: string): Promise<void> {
  await call("POST", "/api/auth/login", { name, password });
}

export async function signOut(): Promise<void> {
  await call("POST", "/api/auth/logout");
}

/**
 * Where to go after signing in: the `next` parameter when it is a path on
 * this server, else the start page (a link must not bounce a fresh session
 * to another site).
 */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return "/";
  }
  if (next === "/login" || next.startsWith("/login?")) return "/";
  return next;
}

/** The login page's address that comes back to `here` afterwards. */
export function loginPath(here: string): string {
  const next = safeNext(here);
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
