import { defineConfig } from 'vitest/config';

// One `npm test` runs every project: pure domain logic, the HTTP API on a real database
// (PGlite, or PostgreSQL when PACESETTER_TEST_DATABASE_URL is set), and the browser journeys.
export default defineConfig({
  test: {
    projects: ['packages/core', 'apps/server', 'e2e'],
  },
});
