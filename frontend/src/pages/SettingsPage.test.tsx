import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { type Client, Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fromValue } from "wonka";
import { renderUi } from "../test/render";
import { NewPolicy, PolicyEditor } from "./SettingsPage";

const SAVED = {
  setRollbackPolicy: {
    __typename: "RollbackPolicy",
    entityType: "STACK",
    entityId: "media",
    autoRollbackEnabled: false,
    healthTimeoutSeconds: 60,
    stabilityWindowSeconds: 10,
  },
};

function withClient(ui: ReactElement) {
  const executeMutation = vi.fn((operation: unknown) =>
    fromValue({ operation, data: SAVED, stale: false, hasNext: false }),
  );
  const client = { executeMutation } as unknown as Client;
  renderUi(<Provider value={client}>{ui}</Provider>);
  return executeMutation;
}

describe("Settings: a rollback policy of another host", () => {
  it("is named with its host and saved on that host, not the default one", async () => {
    const user = userEvent.setup({ delay: null });
    const onSaved = vi.fn();
    const executeMutation = withClient(
      <PolicyEditor
        policy={{
          entityType: "STACK",
          entityId: "media",
          host: "nas",
          autoRollbackEnabled: true,
          healthTimeoutSeconds: 60,
          stabilityWindowSeconds: 10,
        }}
        onSaved={onSaved}
      />,
    );
    await user.click(screen.getByRole("switch", { name: "Automatic rollback" }));
    await user.click(screen.getByRole("button", { name: "Save Stack media (nas) policy" }));

    expect(executeMutation).toHaveBeenCalledTimes(1);
    const [request] = executeMutation.mock.calls[0] as [{ variables: { input: unknown } }];
    expect(request.variables.input).toEqual({
      entityType: "STACK",
      entityId: "media",
      host: "nas",
      autoRollback: false,
      healthTimeoutSeconds: 60,
      stabilityWindowSeconds: 10,
    });
    expect(onSaved).toHaveBeenCalled();
  });
});

describe("Settings: adding a rollback policy", () => {
  it("saves it on the host picked, not the default one", async () => {
    const user = userEvent.setup({ delay: null });
    const onSaved = vi.fn();
    const executeMutation = withClient(<NewPolicy hosts={["local", "nas"]} onSaved={onSaved} />);
    await user.click(screen.getByRole("combobox", { name: "Host" }));
    await user.click(await screen.findByRole("option", { name: "nas" }));
    await user.type(screen.getByRole("textbox", { name: "Stack name" }), "media");
    await user.click(screen.getByRole("button", { name: "Add policy" }));

    expect(executeMutation).toHaveBeenCalledTimes(1);
    const [request] = executeMutation.mock.calls[0] as [{ variables: { input: unknown } }];
    expect(request.variables.input).toEqual({
      entityType: "STACK",
      entityId: "media",
      host: "nas",
      autoRollback: true,
    });
    expect(onSaved).toHaveBeenCalled();
  });

  it("offers no host picker with one host and saves on it", async () => {
    const user = userEvent.setup({ delay: null });
    const executeMutation = withClient(<NewPolicy hosts={["local"]} onSaved={vi.fn()} />);
    expect(screen.queryByRole("combobox", { name: "Host" })).toBeNull();
    await user.type(screen.getByRole("textbox", { name: "Stack name" }), "media");
    await user.click(screen.getByRole("button", { name: "Add policy" }));

    const [request] = executeMutation.mock.calls[0] as [{ variables: { input: { host: string } } }];
    expect(request.variables.input.host).toBe("local");
  });
});
