import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { LiveState, LiveStatusStore } from "../lib/liveStatus";
import { renderUi } from "../test/render";
import { LiveIndicator, LiveStatusContext } from "./LiveIndicator";

function store(state: LiveState): LiveStatusStore {
  return { get: () => state, subscribe: () => () => {}, hold: () => () => {} };
}

function show(state: LiveState) {
  renderUi(
    <LiveStatusContext value={store(state)}>
      <LiveIndicator />
    </LiveStatusContext>,
  );
  return screen.getByRole("status", { name: "Live updates" });
}

describe("LiveIndicator", () => {
  it.each(["idle", "connecting", "live"] as const)("shows nothing while %s", (status) => {
    const region = show({ status });
    expect(region).toHaveAttribute("data-live", status);
    expect(region).toBeEmptyDOMElement();
  });

  it("shows that live updates are reconnecting", () => {
    const region = show({ status: "reconnecting", code: 1006 });
    expect(region).toHaveAttribute("data-live", "reconnecting");
    expect(region).toHaveTextContent("Reconnecting…");
  });

  it("says when the server ended live updates for good", () => {
    const region = show({ status: "stopped", code: 4401, reason: "Unauthorized" });
    expect(region).toHaveTextContent("Live updates stopped");
  });
});
