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
    chunkSizeWarningLimit: 1500,
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
