import { createTheme } from "@mantine/core";

// Mantine's system font stack: no web font to fetch, so nothing leaves the server.
export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  cursorType: "pointer",
});
