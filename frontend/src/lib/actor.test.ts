import { describe, expect, it } from "vitest";
import { actorPhrase } from "./actor";

describe("actorPhrase", () => {
  it("says where an action came from when sign-in is off, never 'by anonymous'", () => {
    expect(`Started ${actorPhrase("anonymous")}`).toBe(
      "Started from the API or web UI (sign-in off)",
    );
  });

  it("names Docksmith's own work and the command line instead of their reserved words", () => {
    expect(actorPhrase("auto")).toBe("automatically by Docksmith");
    expect(actorPhrase("system")).toBe("from the docksmith command line");
  });

  it("names people and tokens as they are", () => {
    expect(actorPhrase("alice")).toBe("by alice");
    expect(actorPhrase("token:ci")).toBe("by token:ci");
  });
});
