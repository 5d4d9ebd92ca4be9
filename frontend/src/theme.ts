import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  darken,
  Notification,
} from "@mantine/core";

// Mantine's system font stack: no web font to fetch, so nothing leaves the server.
// Shades and text colours chosen for WCAG AA contrast (axe-core checks every
// screen in the browser tests): filled controls use shade 8 with black or
// white text by luminance, light variants and dimmed text are darker than
// Mantine's defaults in the light scheme.
export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.18,
  defaultRadius: "md",
  cursorType: "pointer",
  // Whoever asks their system for less motion gets no transitions.
  respectReducedMotion: true,
  components: {
    // A notification's close button has no name of its own (axe: button-name).
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": "Dismiss the notification" } },
    }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    ...Object.fromEntries(
      Object.keys(DEFAULT_THEME.colors).flatMap((name) => {
        const text = darken(t.colors[name]?.[9] ?? "#000", 0.3);
        return [
          [`--mantine-color-${name}-light-color`, text],
          [`--mantine-color-${name}-outline`, text],
        ];
      }),
    ),
  },
  dark: { "--mantine-color-dimmed": "var(--mantine-color-dark-1)" },
});
