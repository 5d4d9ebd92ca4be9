import { Button, Menu, Text } from "@mantine/core";
import { IconLogout, IconUser } from "@tabler/icons-react";
import { notifyError } from "../../hooks/useOperationStarter";
import { ApiError, signOut } from "../../lib/auth";
import { useViewer } from "./viewer";

/** Who is signed in, and signing out; nothing when nobody signs in (AUTH=none,
 * or a forward-auth proxy that owns the session). */
export function UserMenu() {
  const viewer = useViewer();
  if (viewer?.kind !== "user" || viewer.mode === "proxy") return null;

  async function leave() {
    try {
      await signOut();
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(String(e), "UNKNOWN", 0);
      notifyError("Signing out failed", error.message, error.code);
      return;
    }
    // A full load: the client's cache and socket go with the session.
    window.location.assign("/login");
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconUser size={18} aria-hidden />}
          aria-label={`Account: ${viewer.name}`}
        >
          <Text span visibleFrom="xs" inherit maw={160} truncate>
            {viewer.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {viewer.name} (scope: {viewer.scope})
        </Menu.Label>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={leave}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
