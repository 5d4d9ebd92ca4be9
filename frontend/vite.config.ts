/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dev server forwards the API to a running `make run` (PORT 3000 by
// default; DOCKSMITH_URL overrides) so `npm run dev` talks to a real server.
const api = process.env.DOCKSMITH_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Above this a chunk is a regression (the browser tests check it too).
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      output: {
        // Libraries in their own chunks: they change less often than the
        // screens, so a browser keeps them cached across Docksmith upgrades
        // that only touch the app. Whatever only one lazy screen uses (the
        // charts) stays with that screen.
        codeSplitting: {
          groups: [
            {
              name: "react",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            {
              name: "graphql",
              test: /node_modules[\\/](graphql|graphql-ws|urql|@urql|wonka)[\\/]/,
              priority: 20,
            },
            {
              name: "mantine",
              test: /node_modules[\\/](@mantine[\\/](core|hooks|notifications)|@floating-ui|react-remove-scroll[^\\/]*|react-style-singleton|use-callback-ref|use-sidecar|react-number-format|react-textarea-autosize|clsx|tslib|get-nonce|detect-node-es)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/graphql": { target: api, ws: true, changeOrigin: true },
      "/api": { target: api, changeOrigin: true },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    // The machine running make test is shared and loaded: wait generously.
    testTimeout: 30_000,
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
