import { afterEach, describe, expect, it, vi } from "vitest";
import { csrfHeaders, isUnauthenticated, makeClients } from "./client";

describe("csrfHeaders", () => {
  it("echoes the docksmith_csrf cookie as X-CSRF-Token", () => {
    expect(csrfHeaders("theme=dark; docksmith_csrf=abc%2Bdef; other=1")).toEqual({
      "X-CSRF-Token": "abc+def",
    });
  });

  it("sends nothing when the browser is not signed in", () => {
    expect(csrfHeaders("theme=dark")).toEqual({});
    expect(csrfHeaders("")).toEqual({});
  });

  it("does not take a cookie whose name only ends the same", () => {
    expect(csrfHeaders("not_docksmith_csrf=x")).toEqual({});
  });
});

describe("a 401 from the server", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("tells the app to sign in again (a session that expired)", async () => {
    const answer = {
      data: null,
      errors: [{ message: "authentication required", extensions: { code: "UNAUTHENTICATED" } }],
    };
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify(answer), {
            status: 401,
            headers: { "Content-Type": "application/json" },
          }),
      ),
    );
    const onUnauthenticated = vi.fn();
    const { client, ws } = makeClients(onUnauthenticated);
    const result = await client.query("query { health { status } }", {}).toPromise();
    expect(result.error).toBeDefined();
    expect(result.error && isUnauthenticated(result.error)).toBe(true);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    await ws.dispose();
  });

  it("is not confused with other errors", async () => {
    const answer = {
      data: null,
      errors: [{ message: "this needs the admin scope", extensions: { code: "FORBIDDEN" } }],
    };
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify(answer), {
            status: 403,
            headers: { "Content-Type": "application/json" },
          }),
      ),
    );
    const onUnauthenticated = vi.fn();
    const { client, ws } = makeClients(onUnauthenticated);
    const result = await client.query("query { health { status } }", {}).toPromise();
    expect(result.error?.graphQLErrors[0]?.message).toMatch(/admin scope/);
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await ws.dispose();
  });
});

/** A WebSocket the server closes with `code` once it has been sent connection_init. */
function refusingSocket(code: number, reason: string) {
  const opened: FakeSocket[] = [];
  class FakeSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    readyState = FakeSocket.CONNECTING;
    protocol = "graphql-transport-ws";
    onopen: (() => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: string }) => void) | null = null;
    constructor() {
      opened.push(this);
      setTimeout(() => {
        this.readyState = FakeSocket.OPEN;
        this.onopen?.();
      }, 0);
    }
    send(data: string) {
      if (JSON.parse(data).type !== "connection_init") return;
      setTimeout(() => {
        this.readyState = FakeSocket.CLOSED;
        this.onclose?.({ code, reason });
      }, 0);
    }
    close() {
      this.readyState = FakeSocket.CLOSED;
    }
  }
  return { FakeSocket, opened };
}

describe("a socket closed with 4403", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the app to sign in again instead of retrying (the session ended)", async () => {
    const { FakeSocket, opened } = refusingSocket(4403, "the credentials ... ended");
    vi.stubGlobal("WebSocket", FakeSocket);
    const onUnauthenticated = vi.fn();
    const { ws } = makeClients(onUnauthenticated);
    // graphql-ws ends the subscription with the close only when it gives up.
    const ended = await new Promise((resolve) => {
      ws.subscribe(
        { query: "subscription { events { type } }" },
        { next: () => {}, error: resolve, complete: () => resolve("complete") },
      );
    });
    expect(ended).toMatchObject({ code: 4403 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(opened).toHaveLength(1);
    await ws.dispose();
  });
});
