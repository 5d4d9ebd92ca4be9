import { describe, expect, it } from "vitest";
import { loginPath, safeNext } from "./auth";

describe("safeNext", () => {
  it("keeps a path on this server", () => {
    expect(safeNext("/settings")).toBe("/settings");
    expect(safeNext("/history?container=web#x")).toBe("/history?container=web#x");
  });

  it("sends anything else to the start page", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "https://evil.example/",
      "//evil.example/",
      "/\\evil",
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
    expect(safeNext("/login?next=/settings")).toBe("/");
  });
});

describe("loginPath", () => {
  it("comes back to where the browser was", () => {
    expect(loginPath("/history?container=web")).toBe("/login?next=%2Fhistory%3Fcontainer%3Dweb");
    expect(loginPath("/")).toBe("/login");
  });
});
