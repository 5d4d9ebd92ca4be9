import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Viewer } from "../../lib/auth";
import { renderUi } from "../../test/render";
import { passwordProblems, refusalField, SetPasswordForm, UsersList } from "./Users";
import { managesUsers } from "./viewer";

describe("passwordProblems", () => {
  it("needs a name, 8 to 1024 characters and the same password twice", () => {
    expect(passwordProblems("bob", "long enough", "long enough")).toEqual({});
    expect(passwordProblems(" ", "long enough", "long enough").name).toMatch(/name/);
    expect(passwordProblems("x".repeat(65), "long enough", "long enough").name).toMatch(/64/);
    expect(passwordProblems("bob", "short", "short").password).toMatch(/At least 8/);
    expect(passwordProblems("bob", "x".repeat(1025), "x".repeat(1025)).password).toMatch(
      /At most 1024/,
    );
    expect(passwordProblems("bob", "long enough", "long enougH").confirm).toMatch(/differ/);
  });
});

describe("refusalField", () => {
  it("puts the password rule beside the password and the rest beside the name", () => {
    expect(refusalField("a password needs 8 to 1024 characters")).toBe("password");
    expect(refusalField("a user name is 1-64 letters, ...")).toBe("name");
    expect(refusalField("admin's password is ADMIN_PASSWORD_HASH; change that setting")).toBe(
      "name",
    );
  });
});

describe("managesUsers", () => {
  const admin: Viewer = {
    authenticated: true,
    name: "alice",
    kind: "user",
    scope: "admin",
    mode: "local",
    password_login: true,
    oidc_login: false,
  };
  it("is for admins of a server that signs in with passwords", () => {
    expect(managesUsers(admin)).toBe(true);
    expect(managesUsers({ ...admin, scope: "operate" })).toBe(false);
    expect(managesUsers({ ...admin, mode: "proxy", password_login: false })).toBe(false);
    expect(managesUsers({ ...admin, mode: "none", kind: "open", password_login: false })).toBe(
      false,
    );
    expect(managesUsers(null)).toBe(false);
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
    await user.click(screen.getByRole("button", { name: "Add user" }));
    expect(confirm).toHaveAccessibleDescription(/differ/);
    expect(onSave).not.toHaveBeenCalled();

    await user.clear(confirm);
    await user.type(confirm, "bob's password");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    expect(onSave).toHaveBeenCalledWith("bob", "bob's password");
    await waitFor(() => expect(password).toHaveValue(""));
    expect(screen.getByRole("textbox", { name: /User name/ })).toHaveValue("");
  });

  it("shows the server's refusal beside the field it is about", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi
      .fn<(name: string, password: string) => Promise<string | null>>()
      .mockResolvedValueOnce("a user name is 1-64 letters, digits, ...")
      .mockResolvedValueOnce("a password needs 8 to 1024 characters");
    renderUi(<SetPasswordForm onSave={onSave} />);

    const name = screen.getByRole("textbox", { name: /User name/ });
    const password = screen.getByLabelText(/^New password/);
    await user.type(name, "-bob");
    await user.type(password, "bob's password");
    await user.type(screen.getByLabelText(/^Repeat the password/), "bob's password");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    await waitFor(() => expect(name).toHaveAccessibleDescription(/1-64 letters/));
    expect(name).toHaveValue("-bob");

    await user.click(screen.getByRole("button", { name: "Add user" }));
    await waitFor(() => expect(password).toHaveAccessibleDescription(/8 to 1024/));
    expect(name).not.toHaveAccessibleDescription(/1-64 letters/);
  });

  it("for one user asks only for the password and sends that user's name", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = vi.fn(async () => null);
    renderUi(<SetPasswordForm fixedName="bob" onSave={onSave} />);

    expect(screen.queryByRole("textbox", { name: /User name/ })).toBeNull();
    await user.type(
      screen.getByLabelText(/^New password/, { selector: "input" }),
      "bob's new password",
    );
    await user.type(screen.getByLabelText(/^Repeat the password/), "bob's new password");
    await user.click(screen.getByRole("button", { name: "Set password" }));
    expect(onSave).toHaveBeenCalledWith("bob", "bob's new password");
  });
});

describe("UsersList", () => {
  it("offers no removal of yourself and nothing for ADMIN_PASSWORD_HASH's user", async () => {
    const user = userEvent.setup({ delay: null });
    const onNewPassword = vi.fn();
    const onRemove = vi.fn();
    renderUi(
      <UsersList
        users={[
          { name: "admin", fromSetting: true },
          { name: "alice", fromSetting: false },
          { name: "bob", fromSetting: false },
        ]}
        self="alice"
        onNewPassword={onNewPassword}
        onRemove={onRemove}
      />,
    );

    const env = screen.getByRole("listitem", { name: "User admin" });
    expect(within(env).getByText("ADMIN_PASSWORD_HASH")).toBeInTheDocument();
    expect(within(env).queryByRole("button")).toBeNull();

    const self = screen.getByRole("listitem", { name: "User alice" });
    expect(within(self).getByText("alice (you)")).toBeInTheDocument();
    expect(within(self).queryByRole("button", { name: /Remove/ })).toBeNull();
    await user.click(within(self).getByRole("button", { name: "New password for alice" }));
    expect(onNewPassword).toHaveBeenCalledWith("alice");

    await user.click(screen.getByRole("button", { name: "Remove bob" }));
    expect(onRemove).toHaveBeenCalledWith("bob");
  });
});
