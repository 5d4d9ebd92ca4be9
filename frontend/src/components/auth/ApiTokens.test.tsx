import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderUi } from "../../test/render";
import { CreateTokenForm, NewTokenNotice, tokenProblems } from "./ApiTokens";

describe("tokenProblems", () => {
  it("needs a name and a whole number of days in range, or none", () => {
    expect(tokenProblems("homepage", 90)).toEqual({});
    expect(tokenProblems("homepage", "")).toEqual({});
    expect(tokenProblems("  ", 90).name).toMatch(/name/);
    expect(tokenProblems("x".repeat(65), 90).name).toMatch(/64/);
    expect(tokenProblems("homepage", 0).days).toMatch(/1 to 3650/);
    expect(tokenProblems("homepage", 3651).days).toMatch(/1 to 3650/);
    expect(tokenProblems("homepage", 1.5).days).toMatch(/whole number/);
  });
});

describe("CreateTokenForm", () => {
  it("sends name, scope and expiry; empty days means never", async () => {
    const user = userEvent.setup({ delay: null });
    const onCreate = vi.fn(async () => null);
    renderUi(<CreateTokenForm onCreate={onCreate} />);

    const name = screen.getByRole("textbox", { name: /Name/ });
    await user.type(name, "homepage");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect(onCreate).toHaveBeenLastCalledWith({
      name: "homepage",
      scope: "READ",
      expiresInDays: 90,
    });
    await waitFor(() => expect(name).toHaveValue(""));

    await user.type(name, "ci");
    await user.click(screen.getByRole("radio", { name: /^Operate/ }));
    await user.clear(screen.getByRole("textbox", { name: /Expires after/ }));
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect(onCreate).toHaveBeenLastCalledWith({
      name: "ci",
      scope: "OPERATE",
      expiresInDays: null,
    });
  });

  it("refuses an empty name or an expiry out of range without asking the server", async () => {
    const user = userEvent.setup({ delay: null });
    const onCreate = vi.fn(async () => null);
    renderUi(<CreateTokenForm onCreate={onCreate} />);

    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect(screen.getByRole("textbox", { name: /Name/ })).toHaveAccessibleDescription(
      /Give the token a name/,
    );
    const days = screen.getByRole("textbox", { name: /Expires after/ });
    await user.clear(days);
    await user.type(days, "0");
    await user.type(screen.getByRole("textbox", { name: /Name/ }), "homepage");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect(days).toHaveAccessibleDescription(/1 to 3650/);
    expect(onCreate).not.toHaveBeenCalled();
  });

  it("shows the server's refusal at the name and keeps what was typed", async () => {
    const user = userEvent.setup({ delay: null });
    const onCreate = vi.fn(async () => "an API token named homepage already exists");
    renderUi(<CreateTokenForm onCreate={onCreate} />);

    const name = screen.getByRole("textbox", { name: /Name/ });
    await user.type(name, "homepage");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    await waitFor(() => expect(name).toHaveAccessibleDescription(/already exists/));
    expect(name).toHaveValue("homepage");
  });
});

describe("NewTokenNotice", () => {
  it("shows the token once with a way to copy it and to dismiss it", async () => {
    const user = userEvent.setup({ delay: null });
    const onDone = vi.fn();
    renderUi(<NewTokenNotice name="homepage" token="dsk_secret" onDone={onDone} />);
    expect(screen.getByText("dsk_secret")).toBeInTheDocument();
    expect(screen.getByText(/not shown again/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy token" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(onDone).toHaveBeenCalled();
  });
});
