import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderUi } from "../../test/render";
import { type TagOptionsView, VersionPickerModal } from "./VersionPicker";

// containerTagOptions as the lab answers it for a container on 1.0.0 with
// docksmith.version-pin-major=true (tests/parity/test_labels.py).
const OPTIONS: TagOptionsView = {
  currentTag: "1.0.0",
  constraints: [{ key: "docksmith.version-pin-major", value: "true" }],
  tags: [
    {
      tag: "2.0.0",
      allowed: false,
      excludedBy:
        "docksmith.version-pin-major keeps 1.0.0 on 1.x; 2.0.0 is outside that major line",
      current: false,
    },
    { tag: "1.5.0", allowed: true, excludedBy: null, current: false },
    { tag: "1.0.0", allowed: true, excludedBy: null, current: true },
  ],
};

function open(onPick = vi.fn()) {
  renderUi(
    <VersionPickerModal
      opened
      container="web"
      options={OPTIONS}
      loading={false}
      error={null}
      busy={false}
      onClose={() => {}}
      onPick={onPick}
    />,
  );
  return onPick;
}

describe("VersionPicker", () => {
  it("shows the labels' constraints and greys out excluded tags with the reason", async () => {
    open();
    expect(await screen.findByText("docksmith.version-pin-major=true")).toBeInTheDocument();
    const excluded = screen.getByRole("radio", { name: /2\.0\.0/ });
    expect(excluded).toBeDisabled();
    expect(excluded).toHaveAccessibleDescription(/outside that major line/);
    expect(screen.getByRole("radio", { name: /1\.0\.0/ })).toBeDisabled();
    expect(screen.getByRole("radio", { name: /1\.5\.0/ })).toBeEnabled();
  });

  it("updates to the picked allowed tag", async () => {
    const user = userEvent.setup({ delay: null });
    const onPick = open();
    const pick = screen.getByRole("button", { name: "Pick a version" });
    expect(pick).toBeDisabled();
    await user.click(screen.getByRole("radio", { name: /1\.5\.0/ }));
    await user.click(screen.getByRole("button", { name: "Update to 1.5.0" }));
    expect(onPick).toHaveBeenCalledWith("1.5.0");
  });

  it("filters the tags", async () => {
    open();
    fireEvent.change(await screen.findByRole("textbox", { name: "Filter tags" }), {
      target: { value: "1.5" },
    });
    expect(screen.getAllByRole("radio")).toHaveLength(1);
    expect(screen.getByRole("radiogroup", { name: "Tags (1 of 3)" })).toBeInTheDocument();
  });
});
