import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderUi } from "../../test/render";
import { LoginForm } from "./LoginForm";

describe("LoginForm", () => {
  it("asks for both fields before sending anything", async () => {
    const user = userEvent.setup({ delay: null });
    const onSignIn = vi.fn(async () => null);
    renderUi(<LoginForm passwordLogin oidcLogin={false} onSignIn={onSignIn} />);

    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText(/User name/)).toHaveAccessibleDescription("Enter your user name");
    expect(screen.getByLabelText(/Password/)).toHaveAccessibleDescription("Enter your password");
    expect(onSignIn).not.toHaveBeenCalled();
    expect(screen.queryByRole("link", { name: /single sign-on/ })).toBeNull();
  });

  it("sends the name trimmed and shows the server's refusal, clearing the password", async () => {
    const user = userEvent.setup({ delay: null });
    const onSignIn = vi.fn(async () => "wrong user name or password");
    renderUi(<LoginForm passwordLogin oidcLogin={false} onSignIn={onSignIn} />);

    await user.type(screen.getByLabelText(/User name/), " alice ");
    const password = screen.getByLabelText(/Password/);
    await user.type(password, "hunter2");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(onSignIn).toHaveBeenCalledWith("alice", "hunter2");
    expect(await screen.findByRole("alert")).toHaveTextContent("wrong user name or password");
    await waitFor(() => expect(password).toHaveValue(""));
  });

  it("offers single sign-on beside the password when OIDC is configured", () => {
    renderUi(<LoginForm passwordLogin oidcLogin onSignIn={vi.fn()} />);
    expect(screen.getByRole("link", { name: /Sign in with single sign-on/ })).toHaveAttribute(
      "href",
      "/api/auth/oidc/login",
    );
    expect(screen.getByRole("form", { name: "Sign in with a password" })).toBeInTheDocument();
  });

  it("explains a forward-auth server that offers neither", () => {
    renderUi(<LoginForm passwordLogin={false} oidcLogin={false} onSignIn={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
    expect(screen.getByText(/through the proxy in front of it/)).toBeInTheDocument();
  });
});
