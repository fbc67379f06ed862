import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary folder for the run (removed at its end), then one moto server for the whole
    // run, started on 127.0.0.1 and stopped afterwards.
    globalSetup: ['test/setup/tmpdir.ts', 'test/setup/emulator.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: integration files share one emulator; keep parallelism modest.
    maxWorkers: 2,
  },
});
