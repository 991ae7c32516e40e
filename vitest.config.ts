import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/summaryReporter.ts"],
    globalSetup: ["./test/globalSetup.ts"],
    // The CLI tests run the built CLI as a subprocess; `npm test` builds first.
    testTimeout: 60_000,
  },
});
