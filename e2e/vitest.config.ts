import { defineConfig } from 'vitest/config';

// Browser journeys: the real app (built web + server) in a real Chromium. One server per run, on
// PGlite or, when PACESETTER_TEST_DATABASE_URL is set, on a throw-away PostgreSQL database.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.ts'],
    globalSetup: ['./global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
