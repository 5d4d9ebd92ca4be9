import { ActionIcon, type MantineColorScheme, Menu, useMantineColorScheme } from "@mantine/core";
import { IconDeviceDesktop, IconMoon, IconSun } from "@tabler/icons-react";

const CHOICES: { value: MantineColorScheme; label: string; icon: typeof IconSun }[] = [
  { value: "auto", label: "Follow system", icon: IconDeviceDesktop },
  { value: "light", label: "Light", icon: IconSun },
  { value: "dark", label: "Dark", icon: IconMoon },
];

/** Light, dark, or whatever the system prefers (the default); Mantine remembers the choice. */
export function ThemeMenu() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const current = CHOICES.find((c) => c.value === colorScheme) ?? CHOICES[0];
  const Icon = current?.icon ?? IconDeviceDesktop;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label="Colour theme">
          <Icon size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Colour theme</Menu.Label>
        {CHOICES.map((c) => (
          <Menu.Item
            key={c.value}
            leftSection={<c.icon size={16} aria-hidden />}
            onClick={() => setColorScheme(c.value)}
            aria-current={c.value === colorScheme ? "true" : undefined}
          >
            {c.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
