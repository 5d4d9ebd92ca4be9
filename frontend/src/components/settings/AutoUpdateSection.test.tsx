import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderUi } from "../../test/render";
import { AutoUpdateSection, type AutoUpdateSettings } from "./AutoUpdateSection";

const UNSET: AutoUpdateSettings = {
  schedule: null,
  timezone: "UTC",
  defaultMinAge: "0s",
  nextRun: null,
  policies: [],
};

describe("AutoUpdateSection", () => {
  it("shows the policies the labels' help points to, an unset field deferring", () => {
    renderUi(
      <AutoUpdateSection
        settings={{
          ...UNSET,
          schedule: "0 4 * * *",
          timezone: "Europe/Berlin",
          policies: [
            {
              entityType: "GLOBAL",
              entityId: "",
              host: "local",
              level: "MINOR",
              minAge: "2d",
              maintenanceWindow: null,
            },
            {
              entityType: "STACK",
              entityId: "media",
              host: "nas",
              level: null,
              minAge: null,
              maintenanceWindow: "sat,sun 02:00-06:00",
            },
          ],
        }}
      />,
    );
    const section = screen.getByRole("region", { name: "Automatic updates" });
    expect(within(section).getByText("0 4 * * *")).toBeInTheDocument();
    expect(section).toHaveTextContent("(AUTO_UPDATE_SCHEDULE, Europe/Berlin)");
    const rows = within(screen.getByRole("table", { name: "Automatic update policies" }))
      .getAllByRole("row")
      .map((r) => r.textContent);
    expect(rows).toEqual([
      "Applies toLevelMinimum ageWindow",
      "Globalminor2d–",
      "Stack media (nas)––sat,sun 02:00-06:00",
    ]);
    // Each stack's and container's policy is edited on its own screen.
    expect(within(section).getByRole("link", { name: "media" })).toHaveAttribute(
      "href",
      "/stacks/media?host=nas",
    );
  });

  it("says nothing updates by itself without policies or a schedule", () => {
    renderUi(<AutoUpdateSection settings={UNSET} />);
    const section = screen.getByRole("region", { name: "Automatic updates" });
    expect(section).toHaveTextContent(
      "not set: runs only on demand and when a maintenance window opens",
    );
    expect(section).toHaveTextContent(
      "No policies: containers update by themselves only where their labels say so.",
    );
    expect(screen.queryByRole("table", { name: "Automatic update policies" })).toBeNull();
  });
});
