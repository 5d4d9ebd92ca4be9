import { describe, expect, it } from "vitest";
import {
  containerMissing,
  historyEmptyText,
  pruneBlockedReason,
  scriptsEmptyText,
  updatesEmptyText,
} from "./emptyStates";

describe("updatesEmptyText", () => {
  it("says Docker is unreachable instead of 'no containers yet' when it is", () => {
    expect(updatesEmptyText(0, true)).toMatch(/^No containers to show: Docker is unreachable/);
    expect(updatesEmptyText(0, false)).toBe(
      "No containers yet: run a check, or start some containers.",
    );
  });

  it("blames the filters only when there are rows to filter", () => {
    expect(updatesEmptyText(3, false)).toBe("No container matches these filters.");
    expect(updatesEmptyText(3, true)).toBe("No container matches these filters.");
  });
});

describe("historyEmptyText", () => {
  it("tells a new installation why History is empty", () => {
    expect(historyEmptyText(false)).toMatch(/^No operations yet/);
    expect(historyEmptyText(true)).toBe("No operation matches these filters.");
  });
});

describe("containerMissing", () => {
  it("never claims a container is missing when the lookup failed", () => {
    expect(containerMissing(true, false, true)).toBe(false);
    expect(containerMissing(true, false, false)).toBe(true);
    expect(containerMissing(true, true, false)).toBe(false);
    expect(containerMissing(false, false, false)).toBe(false);
  });
});

describe("pruneBlockedReason", () => {
  it("blocks Prune until the resources have loaded, saying why", () => {
    expect(pruneBlockedReason(true, false)).toBeNull();
    expect(pruneBlockedReason(false, true)).toMatch(
      /^Prune is unavailable: .* could not be loaded/,
    );
    expect(pruneBlockedReason(false, false)).toMatch(/once the Docker resources have loaded/);
  });
});

describe("scriptsEmptyText", () => {
  const at = (state: "READY" | "MISSING" | "NOT_A_FOLDER" | "UNREADABLE") => ({
    path: "/scripts",
    state,
  });

  it("says what is wrong with the folder rather than 'no scripts'", () => {
    expect(scriptsEmptyText(at("MISSING"), 0)).toMatch(/^SCRIPTS_DIR \(\/scripts\) does not exist/);
    expect(scriptsEmptyText(at("NOT_A_FOLDER"), 0)).toMatch(/is not a folder/);
    expect(scriptsEmptyText(at("UNREADABLE"), 0)).toMatch(/^Docksmith may not read/);
    expect(scriptsEmptyText(at("READY"), 0)).toMatch(/holds no scripts yet/);
  });

  it("says nothing when there are scripts to pick", () => {
    expect(scriptsEmptyText(at("READY"), 2)).toBeNull();
  });
});
