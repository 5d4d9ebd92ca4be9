import { describe, expect, it } from "vitest";
import {
  changeText,
  memberChangeText,
  rollbackText,
  versionAfter,
  versionBefore,
} from "./operations";

// A label change as the server stores it: the managed labels it found, then
// the ones it changed (removals as "").
const LABELS = {
  operationType: "LABEL_CHANGE",
  oldVersion: '{"docksmith.ignore": "true", "docksmith.version-pin-major": "true"}',
  newVersion: '{"docksmith.ignore": "", "docksmith.version-pin-minor": "true"}',
} as const;

describe("changeText", () => {
  it("says what a label change set and removed, not its two JSON objects", () => {
    expect(changeText(LABELS)).toBe(
      "docksmith.ignore: true → unset, docksmith.version-pin-minor: unset → true",
    );
  });

  it("shows versions as old → new, and nothing when there are none", () => {
    expect(changeText({ operationType: "UPDATE", oldVersion: "1.0.0", newVersion: "1.1.0" })).toBe(
      "1.0.0 → 1.1.0",
    );
    expect(changeText({ operationType: "UPDATE", oldVersion: null, newVersion: "1.1.0" })).toBe(
      "? → 1.1.0",
    );
    expect(changeText({ operationType: "RESTART", oldVersion: null, newVersion: null })).toBeNull();
  });

  it("falls back to the stored text when a label change's is not JSON", () => {
    expect(changeText({ ...LABELS, newVersion: "garbled" })).toBe(`${LABELS.oldVersion} → garbled`);
  });
});

describe("versionAfter and versionBefore", () => {
  it("name no version for a label change", () => {
    expect(versionAfter(LABELS)).toBeNull();
    expect(versionBefore(LABELS)).toBeNull();
    const update = { operationType: "UPDATE", oldVersion: "1.0.0", newVersion: "1.1.0" } as const;
    expect(versionAfter(update)).toBe("1.1.0");
    expect(versionBefore(update)).toBe("1.0.0");
  });
});

describe("memberChangeText", () => {
  const member = { oldVersion: "3.1.0", newVersion: "3.2.0" };

  it("reads an update's member as old → new", () => {
    expect(memberChangeText("UPDATE", member)).toBe("3.1.0 → 3.2.0");
    expect(memberChangeText("BATCH", { oldVersion: null, newVersion: "2.0" })).toBe("? → 2.0");
  });

  it("reads a rollback's member (a copy of the update's) as the way back", () => {
    expect(memberChangeText("ROLLBACK", member)).toBe("3.2.0 → 3.1.0");
  });

  it("is null when the member names no version", () => {
    expect(memberChangeText("RESTART", { oldVersion: null, newVersion: null })).toBeNull();
  });
});

describe("rollbackText", () => {
  const update = {
    operationType: "UPDATE",
    containerName: "web",
    oldVersion: "1.0.0",
    newVersion: "1.1.0",
  } as const;

  it("names the single container and the version it returns to", () => {
    expect(rollbackText(update, [])).toBe(
      "web returns to the version it ran before this operation (1.0.0).",
    );
    expect(rollbackText({ ...update, oldVersion: null }, [{ container: "web" }])).toBe(
      "web returns to the version it ran before this operation.",
    );
  });

  it("lists every member of a batch with its own version", () => {
    const members = [
      { container: "a", oldVersion: "1.0.0" },
      { container: "b", oldVersion: null },
      { container: "c", oldVersion: "3.0.0" },
    ];
    expect(rollbackText({ ...update, operationType: "BATCH" }, members)).toBe(
      "a (1.0.0), b and c (3.0.0) return to the versions they ran before this operation.",
    );
  });

  it("speaks of labels for a label change", () => {
    expect(rollbackText({ ...LABELS, containerName: "web" }, [])).toBe(
      "The labels this operation set or removed get back the values they had before it.",
    );
  });
});
