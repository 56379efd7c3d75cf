/** The OpenAPI document, built from the route schemas without a database (for code generation). */
import { buildApp } from './app.ts';
import { loadConfig } from './platform/config.ts';
import type { Database } from './platform/db.ts';

export async function buildOpenApiDocument(): Promise<unknown> {
  const unavailable = () => {
    throw new Error('no database while generating the OpenAPI document');
  };
  const database = {
    db: new Proxy({}, { get: unavailable }),
    kind: 'pglite',
    location: 'none',
    migrate: unavailable,
    ping: unavailable,
    close: async () => {},
  } as unknown as Database;
  const app = await buildApp({ config: loadConfig({}), database, logger: false });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}
