import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter, Routes } from "react-router";
import { type Client, Provider } from "urql";
import { theme } from "../theme";

/** Render inside the providers the app gives every screen. */
export function renderUi(ui: ReactElement) {
  return render(
    <MantineProvider theme={theme} env="test">
      <MemoryRouter>{ui}</MemoryRouter>
    </MantineProvider>,
  );
}

/** `routes` opened at `path` over `client`, inside the app's providers;
 * with the notices' outlet where a screen's actions show notices. */
export function renderAt(
  path: string,
  client: Client,
  routes: ReactNode,
  { notifications = false }: { notifications?: boolean } = {},
) {
  return render(
    <MantineProvider theme={theme} env="test">
      {notifications && <Notifications />}
      <Provider value={client}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>{routes}</Routes>
        </MemoryRouter>
      </Provider>
    </MantineProvider>,
  );
}
