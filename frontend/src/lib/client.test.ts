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
