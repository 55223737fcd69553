import { defineConfig, type Plugin } from "vitest/config";

/** Resolve packages as the shipped bundle does, to their production builds: under test, Vite's
 * and Vitest's default conditions include "development", and lit's dev build warns "Lit is in
 * dev mode" in every test file. Vitest hands the resolved ssr conditions to Node, so the filter
 * runs once the config is resolved (mergeConfig would only add to the defaults). */
function productionBuilds(): Plugin {
  const keep = (conditions: string[] | undefined) =>
    conditions?.filter((c) => c !== "development" && c !== "development|production");
  return {
    name: "production-builds",
    configResolved(config) {
      type Resolve = { resolve?: { conditions?: string[] } };
      const writable = config as unknown as Resolve & {
        ssr: Resolve;
        environments: Record<string, Resolve>;
      };
      for (const options of [writable, writable.ssr, ...Object.values(writable.environments)]) {
        if (options.resolve) options.resolve.conditions = keep(options.resolve.conditions);
      }
    },
  };
}

export default defineConfig({
  plugins: [productionBuilds()],
  test: {
    include: ["tests/js/**/*.test.ts"],
    environment: "happy-dom",
    setupFiles: ["tests/js/setup.ts"],
  },
});
