import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { TypedLabelsInput } from "../../gql/graphql";
import { initialValues, typedChange } from "../../lib/labels";
import { renderUi } from "../../test/render";
import { type LabelProblem, LabelsEditor } from "./LabelsEditor";

const LABELS = [
  { key: "docksmith.version-pin-major", value: "true" },
  { key: "com.example.team", value: "ops" },
];

describe("typedChange", () => {
  it("sends only what changed: true sets, false and empty remove", () => {
    const before = initialValues(LABELS);
    expect(typedChange(before, before)).toEqual({});
    const after = {
      ...before,
      "docksmith.version-pin-major": "false",
      "docksmith.ignore": "true",
      "docksmith.version-min": " 1.2.0 ",
    };
    expect(typedChange(before, after)).toEqual({
      versionPinMajor: false,
      ignore: true,
      versionMin: "1.2.0",
    });
  });
});

describe("auto-rollback and post-update labels", () => {
  it("reads either auto-rollback spelling and sends the choice as the label's value", () => {
    const before = initialValues([{ key: "docksmith.auto_rollback", value: "yes" }]);
    expect(before["docksmith.auto-rollback"]).toBe("true");
    expect(initialValues([])["docksmith.auto-rollback"]).toBe("");
    const after = {
      ...before,
      "docksmith.auto-rollback": "false",
      "docksmith.post-update": "restart:proxy ",
    };
    expect(typedChange(before, after)).toEqual({
      autoRollback: "FALSE",
      postUpdate: "restart:proxy",
    });
    // Back to the policies: the label goes.
    expect(typedChange(before, { ...before, "docksmith.auto-rollback": "" })).toEqual({
      autoRollback: "POLICIES",
    });
  });

  it("offers the three auto-rollback choices and validates a post-update action", async () => {
    const user = userEvent.setup({ delay: null });
    const validate = vi.fn(async (change: TypedLabelsInput) => ({
      problems:
        change.postUpdate === "reboot:now"
          ? [{ label: "docksmith.post-update", message: "must be one of restart:<containers>" }]
          : [],
    }));
    renderUi(<LabelsEditor labels={[]} validate={validate} onSave={vi.fn()} />);
    const group = screen.getByRole("radiogroup", { name: "Automatic rollback" });
    expect(within(group).getByRole("radio", { name: "As the policies say" })).toBeChecked();
    await user.click(within(group).getByRole("radio", { name: "Never" }));
    await waitFor(() => expect(validate).toHaveBeenLastCalledWith({ autoRollback: "FALSE" }));
    expect(group).toHaveAccessibleDescription(/rollback policies/);

    const action = screen.getByRole("textbox", { name: "After an update" });
    fireEvent.change(action, { target: { value: "reboot:now" } });
    await waitFor(() => expect(action).toHaveAccessibleDescription(/must be one of/));
  });
});

describe("automatic-update labels", () => {
  it("reads the level as written and sends it as the GraphQL enum; no level follows the policies", () => {
    const before = initialValues([
      { key: "docksmith.auto-update", value: "Minor" },
      { key: "docksmith.min-age", value: "3d" },
    ]);
    expect(before["docksmith.auto-update"]).toBe("minor");
    expect(initialValues([])["docksmith.auto-update"]).toBe("");
    const after = {
      ...before,
      "docksmith.auto-update": "patch",
      "docksmith.min-age": "",
      "docksmith.maintenance-window": " sat,sun 02:00-06:00 ",
    };
    expect(typedChange(before, after)).toEqual({
      autoUpdate: "PATCH",
      minAge: "",
      maintenanceWindow: "sat,sun 02:00-06:00",
    });
    expect(typedChange(before, { ...before, "docksmith.auto-update": "" })).toEqual({
      autoUpdate: "POLICIES",
    });
  });

  it("offers the levels and shows the server's word on a minimum age and a window", async () => {
    const user = userEvent.setup({ delay: null });
    const validate = vi.fn(async (change: TypedLabelsInput) => ({
      problems: [
        ...(change.minAge === "3 days"
          ? [
              {
                label: "docksmith.min-age",
                message: "docksmith.min-age must be a duration such as 3d",
              },
            ]
          : []),
        ...(change.maintenanceWindow === "sat 25:00-26:00"
          ? [{ label: "docksmith.maintenance-window", message: "has an impossible time" }]
          : []),
      ],
    }));
    renderUi(<LabelsEditor labels={[]} validate={validate} onSave={vi.fn()} />);
    const group = screen.getByRole("radiogroup", { name: "Automatic updates" });
    expect(within(group).getByRole("radio", { name: "As the policies say" })).toBeChecked();
    expect(
      within(group)
        .getAllByRole("radio")
        .map((r) => r.getAttribute("value")),
    ).toEqual(["unset", "off", "digest", "patch", "minor", "major"]);
    await user.click(within(group).getByRole("radio", { name: "Patch" }));
    await waitFor(() => expect(validate).toHaveBeenLastCalledWith({ autoUpdate: "PATCH" }));
    expect(group).toHaveAccessibleDescription(/auto-update policies/);

    const age = screen.getByRole("textbox", { name: "Minimum image age" });
    fireEvent.change(age, { target: { value: "3 days" } });
    await waitFor(() => expect(age).toHaveAccessibleDescription(/a duration such as 3d/));
    const windowBox = screen.getByRole("textbox", { name: "Maintenance window" });
    fireEvent.change(windowBox, { target: { value: "sat 25:00-26:00" } });
    await waitFor(() => expect(windowBox).toHaveAccessibleDescription(/impossible time/));
    expect(screen.getByRole("button", { name: "Save labels" })).toBeDisabled();
  });
});

describe("LabelsEditor validation", () => {
  it("shows the server's problem beside its field and keeps Save off until the change is valid", async () => {
    const user = userEvent.setup({ delay: null });
    // The answers validateLabels gives in the lab for these values.
    const validate = vi.fn(async (change: TypedLabelsInput) => {
      const problems: LabelProblem[] = [];
      if (change.versionMin === "banana") {
        problems.push({
          label: "docksmith.version-min",
          message:
            "Label docksmith.version-min has value 'banana', which is not a version; write one like 1.2.3, v2.0 or 2024.6.0.",
        });
      }
      return { problems };
    });
    const onSave = vi.fn();
    renderUi(<LabelsEditor labels={LABELS} validate={validate} onSave={onSave} />);

    const save = screen.getByRole("button", { name: "Save labels" });
    expect(save).toBeDisabled();
    expect(screen.getByRole("switch", { name: "Pin major version" })).toBeChecked();

    const min = screen.getByRole("textbox", { name: "Minimum version" });
    fireEvent.change(min, { target: { value: "banana" } });
    await waitFor(() => expect(min).toHaveAccessibleDescription(/not a version/));
    expect(min).toHaveAttribute("aria-invalid", "true");
    expect(save).toBeDisabled();
    expect(validate).toHaveBeenLastCalledWith({ versionMin: "banana" });

    fireEvent.change(min, { target: { value: "1.2.0" } });
    await waitFor(() => expect(save).toBeEnabled());
    expect(min).not.toHaveAttribute("aria-invalid", "true");
    await user.click(save);
    expect(onSave).toHaveBeenCalledWith({ versionMin: "1.2.0" });
  });

  it("shows a problem of the whole change (no label to blame) as an alert", async () => {
    const validate = vi.fn(async () => ({
      problems: [
        {
          label: null,
          message:
            "Label docksmith.version-min (3.0.0) is above docksmith.version-max (2.0.0); no tag could satisfy both.",
        },
      ],
    }));
    renderUi(<LabelsEditor labels={LABELS} validate={validate} onSave={() => {}} />);
    fireEvent.change(screen.getByRole("textbox", { name: "Minimum version" }), {
      target: { value: "3.0.0" },
    });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("no tag could satisfy both");
    expect(screen.getByRole("button", { name: "Save labels" })).toBeDisabled();
  });

  it("says when the check itself failed, with the error code", async () => {
    const user = userEvent.setup({ delay: null });
    const validate = vi.fn(async () => ({
      error: { message: "container not found: web", code: "NOT_FOUND" },
    }));
    renderUi(<LabelsEditor labels={LABELS} validate={validate} onSave={() => {}} />);
    await user.click(screen.getByRole("switch", { name: "Ignore" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("container not found: web (error code NOT_FOUND)");
  });
});

describe("version pins", () => {
  it("says which pin decides when a stricter one is on too", async () => {
    const user = userEvent.setup({ delay: null });
    renderUi(
      <LabelsEditor
        labels={[
          { key: "docksmith.version-pin-major", value: "true" },
          { key: "docksmith.version-pin-minor", value: "true" },
        ]}
        validate={vi.fn(async () => ({ problems: [] }))}
        onSave={vi.fn()}
      />,
    );
    const major = screen.getByRole("switch", { name: "Pin major version" });
    const minor = screen.getByRole("switch", { name: "Pin minor version" });
    expect(major).toHaveAccessibleDescription(
      /Pin minor version is on too and is stricter, so it decides/,
    );
    expect(minor).not.toHaveAccessibleDescription(/stricter/);

    await user.click(screen.getByRole("switch", { name: "Pin patch version" }));
    expect(minor).toHaveAccessibleDescription(/Pin patch version is on too/);
    expect(major).toHaveAccessibleDescription(/Pin patch version is on too/);

    await user.click(screen.getByRole("switch", { name: "Pin patch version" }));
    await user.click(minor);
    expect(major).not.toHaveAccessibleDescription(/stricter/);
  });
});

describe("a container whose labels cannot change here", () => {
  it("says so before anything is toggled and shows the labels as they are, not editable", () => {
    const validate = vi.fn(async () => ({ problems: [] }));
    renderUi(
      <LabelsEditor
        labels={LABELS}
        validate={validate}
        onSave={vi.fn()}
        readOnly="web is not managed by docker compose"
      />,
    );
    expect(screen.getByText("These labels cannot be changed here")).toBeInTheDocument();
    expect(screen.getByText("web is not managed by docker compose")).toBeInTheDocument();
    const pin = screen.getByRole("switch", { name: "Pin major version" });
    expect(pin).toBeChecked();
    expect(pin).toBeDisabled();
    expect(screen.getByRole("textbox", { name: "Minimum version" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save labels" })).toBeNull();
    expect(validate).not.toHaveBeenCalled();
  });

  it("stays editable without a reason", () => {
    renderUi(<LabelsEditor labels={LABELS} validate={vi.fn()} onSave={vi.fn()} />);
    expect(screen.getByRole("switch", { name: "Pin major version" })).toBeEnabled();
  });
});
