import { describe, expect, it } from "vitest";
import { csrfHeaders } from "./client";

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
