import { describe, expect, it } from "vitest";
import { afterClose, watchLiveStatus } from "./liveStatus";

type Listener = (...args: unknown[]) => void;

/** The events graphql-ws's client emits, driven by hand. */
function fakeSocket() {
  const listeners: Record<string, Listener[]> = {};
  const ws = {
    on(event: string, listener: Listener) {
      const list = listeners[event] ?? [];
      listeners[event] = list;
      list.push(listener);
      return () => {};
    },
  };
  const emit = (event: string, ...args: unknown[]) => {
    for (const listener of listeners[event] ?? []) listener(...args);
  };
  // biome-ignore lint/suspicious/noExplicitAny: the fake stands in for the typed client
  return { ws: ws as any, emit };
}

describe("watchLiveStatus", () => {
  it("says reconnecting from a drop until the retry is through", () => {
    const { ws, emit } = fakeSocket();
    const live = watchLiveStatus(ws);
    const changes: string[] = [];
    live.subscribe(() => changes.push(live.get().status));
    live.hold();

    emit("connecting", false);
    emit("connected", {}, {}, false);
    expect(live.get().status).toBe("live");

    emit("closed", { code: 1012, reason: "Service Restart" });
    expect(live.get()).toEqual({ status: "reconnecting", code: 1012, reason: "Service Restart" });
    // Failed retries (the server still down) keep saying so.
    emit("connecting", true);
    emit("closed", { code: 1006, reason: "" });
    emit("connecting", true);
    expect(live.get().status).toBe("reconnecting");

    emit("connected", {}, {}, true);
    expect(live.get().status).toBe("live");
    // Its subscribers heard every step (a new close code is news too).
    expect(changes.filter((s, i) => s !== changes[i - 1])).toEqual([
      "connecting",
      "live",
      "reconnecting",
      "live",
    ]);
  });

  it("says reconnecting when the first connection cannot be made", () => {
    const { ws, emit } = fakeSocket();
    const live = watchLiveStatus(ws);
    live.hold();
    emit("connecting", false);
    emit("closed", { code: 1006, reason: "" });
    expect(live.get().status).toBe("reconnecting");
  });

  it("is idle when the socket closes because nothing needs it", () => {
    const { ws, emit } = fakeSocket();
    const live = watchLiveStatus(ws);
    const release = live.hold();
    emit("connecting", false);
    emit("connected", {}, {}, false);
    release();
    expect(live.get().status).toBe("live");
    emit("closed", { code: 1000, reason: "Normal Closure" });
    expect(live.get().status).toBe("idle");
  });

  it("is idle when the last live view goes while retrying (graphql-ws stops silently)", () => {
    const { ws, emit } = fakeSocket();
    const live = watchLiveStatus(ws);
    const release = live.hold();
    emit("connecting", false);
    emit("closed", { code: 1006, reason: "" });
    expect(live.get().status).toBe("reconnecting");
    release();
    release(); // twice is once
    expect(live.get().status).toBe("idle");
  });

  it("stays stopped after a close the client does not retry", () => {
    const { ws, emit } = fakeSocket();
    const live = watchLiveStatus(ws);
    const release = live.hold();
    emit("connecting", false);
    emit("closed", { code: 4401, reason: "Unauthorized" });
    release(); // the subscription errors out
    expect(live.get()).toEqual({ status: "stopped", code: 4401, reason: "Unauthorized" });
  });
});

describe("afterClose", () => {
  it.each([
    [1000, "idle"],
    [1001, "reconnecting"],
    [1006, "reconnecting"],
    [1012, "reconnecting"],
    [4499, "reconnecting"],
    [1002, "stopped"],
    [1011, "stopped"],
    [4400, "stopped"],
    [4401, "stopped"],
    // Not signed in (any more): the app signs in again (client.ts).
    [4403, "stopped"],
    [4500, "stopped"],
  ])("close code %i: %s", (code, status) => {
    expect(afterClose({ code, reason: "" }).status).toBe(status);
  });

  it("retries after an error that is no close event", () => {
    expect(afterClose(new Error("boom")).status).toBe("reconnecting");
  });
});
