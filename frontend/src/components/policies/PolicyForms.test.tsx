import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderUi } from "../../test/render";
import { AutoUpdatePolicyForm } from "./AutoUpdatePolicyForm";
import { InForceTable } from "./InForceTable";
import { MembersTable } from "./MembersTable";
import { RollbackPolicyForm } from "./RollbackPolicyForm";

// Worded by services/autoupdate (the same parser as the labels).
const REFUSAL = {
  message: "min_age '3 days' is not a duration: use w, d, h, m, s (3d, 12h, 1d12h) or 0",
  code: "BAD_REQUEST",
};

describe("AutoUpdatePolicyForm", () => {
  it("shows the server's refusal as it words it and keeps what was typed", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn(async () => REFUSAL);
    renderUi(
      <AutoUpdatePolicyForm name="stack media" stored={null} onSave={onSave} onRemove={vi.fn()} />,
    );
    const save = screen.getByRole("button", { name: "Save the auto-update policy of stack media" });
    expect(save).toBeDisabled();

    const age = screen.getByRole("textbox", { name: /Minimum image age/ });
    await user.type(age, "3 days");
    await user.click(save);

    expect(onSave).toHaveBeenCalledWith({ minAge: "3 days" });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(REFUSAL.message);
    expect(alert).toHaveTextContent("BAD_REQUEST");
    expect(age).toHaveValue("3 days");
  });

  it("offers 'not set' only while no level is stored, and removes a stored policy", async () => {
    const user = userEvent.setup({ delay: null });
    const onRemove = vi.fn(async () => null);
    const onSave = vi.fn(async () => null);
    const { unmount } = renderUi(
      <AutoUpdatePolicyForm name="web" stored={null} onSave={onSave} onRemove={onRemove} />,
    );
    const level = screen.getByRole("combobox", { name: /Level/ });
    expect(within(level).getByRole("option", { name: /Not set/ })).toBeInTheDocument();
    await user.selectOptions(level, "MAJOR");
    await user.click(screen.getByRole("button", { name: /Save the auto-update policy of web/ }));
    expect(onSave).toHaveBeenCalledWith({ level: "MAJOR" });
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    unmount();

    renderUi(
      <AutoUpdatePolicyForm
        name="web"
        stored={{ level: "PATCH", minAge: null, maintenanceWindow: "sun 01:00-05:00" }}
        onSave={onSave}
        onRemove={onRemove}
      />,
    );
    const stored = screen.getByRole("combobox", { name: /Level/ });
    expect(stored).toHaveValue("PATCH");
    expect(within(stored).queryByRole("option", { name: /Not set/ })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Remove the auto-update policy of web" }));
    await waitFor(() => expect(onRemove).toHaveBeenCalledOnce());
  });
});

describe("RollbackPolicyForm", () => {
  it("starts a new policy from the settings in force and shows a refusal", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn(async () => ({
      message: "health_timeout_seconds must be between 1 and 3600",
      code: "BAD_REQUEST",
    }));
    renderUi(
      <RollbackPolicyForm
        name="web"
        stored={null}
        inForce={{ autoRollback: false, healthTimeoutSeconds: 60, stabilityWindowSeconds: 10 }}
        onSave={onSave}
      />,
    );
    expect(screen.getByText(/No rollback policy of its own/)).toBeInTheDocument();
    await user.click(screen.getByRole("switch", { name: /Roll back a failed update/ }));
    const timeout = screen.getByRole("textbox", { name: /Health timeout/ });
    await user.clear(timeout);
    await user.type(timeout, "5000");
    await user.click(screen.getByRole("button", { name: "Save the rollback policy of web" }));

    expect(onSave).toHaveBeenCalledWith({
      autoRollback: true,
      healthTimeoutSeconds: 5000,
      stabilityWindowSeconds: 10,
    });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "health_timeout_seconds must be between 1 and 3600",
    );
    expect(timeout).toHaveValue("5000");
  });

  it("removes a stored policy, shows a refusal, and offers no Remove without one", async () => {
    const user = userEvent.setup({ delay: null });
    const onRemove = vi.fn(async () => ({
      message: "no rollback policy for container web on host b",
      code: "NOT_FOUND",
    }));
    const values = { autoRollback: true, healthTimeoutSeconds: 30, stabilityWindowSeconds: 5 };
    const { unmount } = renderUi(
      <RollbackPolicyForm
        name="web"
        stored={values}
        inForce={values}
        onSave={vi.fn(async () => null)}
        onRemove={onRemove}
      />,
    );
    await user.click(screen.getByRole("button", { name: "Remove the rollback policy of web" }));
    await waitFor(() => expect(onRemove).toHaveBeenCalledOnce());
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "no rollback policy for container web on host b",
    );
    unmount();

    // The global policy always exists: no onRemove, no button.
    renderUi(
      <RollbackPolicyForm
        name="all containers"
        stored={values}
        inForce={values}
        onSave={vi.fn(async () => null)}
      />,
    );
    expect(screen.queryByRole("button", { name: /Remove the rollback policy/ })).toBeNull();
  });
});

describe("InForceTable", () => {
  it("says which level decides each setting", () => {
    renderUi(
      <InForceTable
        name="web"
        scope={{
          autoUpdate: {
            level: "PATCH",
            levelSource: "LABEL",
            minAge: "2d",
            minAgeSource: "GLOBAL",
            maintenanceWindow: null,
            maintenanceWindowSource: "DEFAULT",
          },
          rollback: {
            autoRollback: true,
            source: "LABEL",
            healthTimeoutSeconds: 45,
            stabilityWindowSeconds: 10,
          },
        }}
      />,
    );
    const rows = within(screen.getByRole("table", { name: "Settings in force for web" }))
      .getAllByRole("row")
      .map((r) => r.textContent);
    expect(rows).toEqual([
      "SettingIn forceDecided by",
      "Automatic updatespatchits label",
      "Minimum image age2dglobal policy",
      "Maintenance windownone: any run–",
      "Automatic rollbackonits label",
      "Health timeout45 srollback policy",
      "Stability window10 srollback policy",
    ]);
  });
});

describe("MembersTable", () => {
  it("shows each container's settings with the level deciding, or its wrong label", () => {
    renderUi(
      <MembersTable
        stack="media"
        host="nas"
        members={[
          {
            container: "web",
            problems: [],
            autoUpdate: { level: "PATCH", levelSource: "LABEL" },
            rollback: { autoRollback: false, source: "GLOBAL" },
          },
          {
            container: "docksmith",
            problems: [],
            docksmithItself: true,
            autoUpdate: { level: "MINOR", levelSource: "STACK" },
            rollback: { autoRollback: false, source: "GLOBAL" },
          },
          {
            container: "db",
            problems: ["docksmith.auto-update must be one of off, digest, patch, minor, major"],
            autoUpdate: null,
            rollback: { autoRollback: true, source: "STACK" },
          },
        ]}
      />,
    );
    const table = screen.getByRole("table", {
      name: "Settings in force for each container of stack media",
    });
    expect(
      within(table)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toEqual([
      "ContainerAutomatic updatesAutomatic rollback",
      "webpatch (its label)off (global policy)",
      "docksmithoff (Docksmith itself: only its own label can include it)off (global policy)",
      "dbwrong label: docksmith.auto-update must be one of off, digest, patch, minor, majoron (stack policy)",
    ]);
    expect(within(table).getByRole("link", { name: "web" })).toHaveAttribute(
      "href",
      "/containers/web?host=nas",
    );
  });
});
