import { MantineProvider } from "@mantine/core";
import { Notifications, notifications } from "@mantine/notifications";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { theme } from "../../theme";
import { actionDoneNotice, actionStartedNotice } from "./actionNotice";

describe("a restart's notice", () => {
  it("says it started, then its outcome with a link to its operation", async () => {
    render(
      <MantineProvider theme={theme} env="test">
        <Notifications />
      </MantineProvider>,
    );
    act(() => {
      notifications.show(actionStartedNotice("restart-web", "Restart", "web"));
    });
    expect(await screen.findByText("Restart of web started")).toBeInTheDocument();

    const open = vi.fn();
    act(() => {
      notifications.update(
        actionDoneNotice(
          "restart-web",
          "Restart",
          "web",
          "Container web restarted successfully",
          "op_20261207_ab",
          open,
        ),
      );
    });
    expect(await screen.findByText("Restart of web done")).toBeInTheDocument();
    expect(screen.queryByText("Restart of web started")).toBeNull();
    expect(screen.getByText("Container web restarted successfully")).toBeInTheDocument();
    const link = screen.getByRole("link", { name: "See operation op_20261207_ab" });
    expect(link).toHaveAttribute("href", "/operations/op_20261207_ab");
    await userEvent.setup({ delay: null }).click(link);
    expect(open).toHaveBeenCalledWith("/operations/op_20261207_ab");
  });
});
