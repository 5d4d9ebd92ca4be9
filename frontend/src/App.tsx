import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { Layout } from "./components/Layout";
import { makeClients } from "./lib/client";
import { quietSystemSchemeSwitches } from "./lib/schemeSwitch";
import { ContainerPage } from "./pages/ContainerPage";
import { ExplorerPage } from "./pages/ExplorerPage";
import { HistoryPage } from "./pages/HistoryPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OperationPage } from "./pages/OperationPage";
import { SettingsPage } from "./pages/SettingsPage";
import { UpdatesPage } from "./pages/UpdatesPage";
import { cssVariablesResolver, theme } from "./theme";

export const routes = [
  {
    path: "/",
    element: <Layout />,
    children: [
      { index: true, element: <UpdatesPage /> },
      { path: "operations/:id", element: <OperationPage /> },
      { path: "containers/:name", element: <ContainerPage /> },
      { path: "history", element: <HistoryPage /> },
      { path: "explorer", element: <ExplorerPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function App() {
  const [{ client }] = useState(makeClients);
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
        <RouterProvider router={router} />
      </UrqlProvider>
    </MantineProvider>
  );
}
