import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { lazy, useEffect, useState } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { AuthGate } from "./components/auth/AuthGate";
import { Layout } from "./components/Layout";
import { LiveStatusContext } from "./components/LiveIndicator";
import { makeClients } from "./lib/client";
import { quietSystemSchemeSwitches } from "./lib/schemeSwitch";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { UpdatesPage } from "./pages/UpdatesPage";
import { cssVariablesResolver, theme } from "./theme";

// The home screen comes with the first load; every other screen is its own
// chunk, fetched when it is first opened (the Container screen's charts are
// most of the bundle).
const OperationPage = lazy(() =>
  import("./pages/OperationPage").then((m) => ({ default: m.OperationPage })),
);
const ContainerPage = lazy(() =>
  import("./pages/ContainerPage").then((m) => ({ default: m.ContainerPage })),
);
const StackPage = lazy(() => import("./pages/StackPage").then((m) => ({ default: m.StackPage })));
const HistoryPage = lazy(() =>
  import("./pages/HistoryPage").then((m) => ({ default: m.HistoryPage })),
);
const ExplorerPage = lazy(() =>
  import("./pages/ExplorerPage").then((m) => ({ default: m.ExplorerPage })),
);
const SettingsPage = lazy(() =>
  import("./pages/SettingsPage").then((m) => ({ default: m.SettingsPage })),
);

export const routes = [
  { path: "/login", element: <LoginPage /> },
  {
    path: "/",
    element: (
      <AuthGate>
        <Layout />
      </AuthGate>
    ),
    children: [
      { index: true, element: <UpdatesPage /> },
      { path: "operations/:id", element: <OperationPage /> },
      { path: "containers/:name", element: <ContainerPage /> },
      { path: "stacks/:name", element: <StackPage /> },
      { path: "history", element: <HistoryPage /> },
      { path: "explorer", element: <ExplorerPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function App() {
  const [{ client, live }] = useState(makeClients);
  const [router] = useState(() => createBrowserRouter(routes));
  useEffect(() => quietSystemSchemeSwitches(), []);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
    >
      <Notifications position="top-right" />
      <UrqlProvider value={client}>
        <LiveStatusContext value={live}>
          <RouterProvider router={router} />
        </LiveStatusContext>
      </UrqlProvider>
    </MantineProvider>
  );
}
