import { describe, expect, it } from "vitest";
import { autoUpdateChange, autoUpdateForm, decidedBy } from "./policies";

describe("autoUpdateChange", () => {
  it("sends only what changed; an emptied field is sent empty to clear it", () => {
    const stored = { level: "MINOR" as const, minAge: "2d", maintenanceWindow: null };
    const form = autoUpdateForm(stored);
    expect(autoUpdateChange(stored, form)).toEqual({});
    expect(autoUpdateChange(stored, { ...form, level: "PATCH" })).toEqual({ level: "PATCH" });
    expect(autoUpdateChange(stored, { ...form, minAge: "" })).toEqual({ minAge: "" });
    expect(autoUpdateChange(stored, { ...form, maintenanceWindow: " sun 01:00-05:00 " })).toEqual({
      maintenanceWindow: "sun 01:00-05:00",
    });
  });

  it("without a stored policy, sends what was filled in, as typed", () => {
    expect(autoUpdateChange(null, autoUpdateForm(null))).toEqual({});
    expect(autoUpdateChange(null, { level: "", minAge: "3 days", maintenanceWindow: "" })).toEqual({
      minAge: "3 days",
    });
  });
});

describe("decidedBy", () => {
  it("names the level each setting comes from", () => {
    expect(decidedBy("LABEL")).toBe("its label");
    expect(decidedBy("STACK")).toBe("stack policy");
    expect(decidedBy("DEFAULT")).toBe("default");
  });
});
