import { defineConfig } from 'vitest/config';

// API and service tests against a real database: PGlite by default, PostgreSQL when
// PACESETTER_TEST_DATABASE_URL is set. Each test file gets its own copy of a migrated template.
export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
