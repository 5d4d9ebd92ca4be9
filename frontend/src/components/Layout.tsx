import { AppShell, Burger, Group, NavLink, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconBox,
  IconHistory,
  type IconProps,
  IconRefresh,
  IconSettings,
} from "@tabler/icons-react";
import { type ComponentType, Suspense } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { UserMenu } from "./auth/UserMenu";
import { HealthBanner } from "./HealthBanner";
import { LiveIndicator } from "./LiveIndicator";
import { ThemeMenu } from "./ThemeMenu";

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<IconProps>;
}

export const NAV: NavItem[] = [
  { to: "/", label: "Updates", icon: IconRefresh },
  { to: "/history", label: "History", icon: IconHistory },
  { to: "/explorer", label: "Explorer", icon: IconBox },
  { to: "/settings", label: "Settings", icon: IconSettings },
];

function isActive(pathname: string, to: string): boolean {
  return to === "/" ? pathname === "/" : pathname.startsWith(to);
}

/** While a screen's code arrives (the first time it is opened). */
function ScreenSkeleton() {
  return (
    <Stack aria-busy="true" aria-label="Loading the screen" gap="md">
      <Skeleton height={32} width={200} />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} height={56} />
      ))}
    </Stack>
  );
}

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 200, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
            />
            <Title order={1} size="h3">
              <Text component={Link} to="/" inherit c="inherit" td="none">
                Docksmith
              </Text>
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LiveIndicator />
            <UserMenu />
            <ThemeMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            leftSection={<item.icon size={18} aria-hidden />}
            active={isActive(pathname, item.to)}
            aria-current={isActive(pathname, item.to) ? "page" : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <HealthBanner />
        <Suspense fallback={<ScreenSkeleton />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
