import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderUi } from "../../test/render";
import { passwordProblems, SetPasswordForm } from "./Users";

describe("passwordProblems", () => {
  it("needs a name, 8 to 1024 characters and the same password twice", () => {
    expect(passwordProblems("bob", "long enough", "long enough")).toEqual({});
    expect(passwordProblems(" ", "long enough", "long enough").name).toMatch(/name/);
    expect(passwordProblems("bob", "short", "short").password).toMatch(/At least 8/);
    expect(passwordProblems("bob", "long enough", "long enougH").confirm).toMatch(/differ/);
  });
});

describe("SetPasswordForm", () => {
  it("sends nothing until both passwords match, then clears the form", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn(async () => null);
    renderUi(<SetPasswordForm onSave={onSave} />);

    await user.type(screen.getByRole("textbox", { name: /User name/ }), "bob");
    const password = screen.getByLabelText(/^New password/);
    const confirm = screen.getByLabelText(/^Repeat the password/);
    await user.type(password, "bob's password");
    await user.type(confirm, "bob's passwort");
    await user.click(screen.getByRole("button", { name: "Save user" }));
    expect(confirm).toHaveAccessibleDescription(/differ/);
    expect(onSave).not.toHaveBeenCalled();

    await user.clear(confirm);
    await user.type(confirm, "bob's password");
    await user.click(screen.getByRole("button", { name: "Save user" }));
    expect(onSave).toHaveBeenCalledWith("bob", "bob's password");
    await waitFor(() => expect(password).toHaveValue(""));
  });

  it("shows the server's refusal at the name", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn(async () => "a user name is 1-64 letters, digits, ...");
    renderUi(<SetPasswordForm onSave={onSave} />);

    const name = screen.getByRole("textbox", { name: /User name/ });
    await user.type(name, "-bob");
    await user.type(screen.getByLabelText(/^New password/), "bob's password");
    await user.type(screen.getByLabelText(/^Repeat the password/), "bob's password");
    await user.click(screen.getByRole("button", { name: "Save user" }));
    await waitFor(() => expect(name).toHaveAccessibleDescription(/1-64 letters/));
    expect(name).toHaveValue("-bob");
  });
});
