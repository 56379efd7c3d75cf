/** Starts Pacesetter: open the database, apply migrations, listen. */
import { buildApp } from './app.ts';
import { purgeExpiredSessions } from './modules/auth/auth.service.ts';
import { compactBoardTotals } from './modules/crm/deals.service.ts';
import { compactKpiRollups } from './modules/kpi/kpi.service.ts';
import type { Config } from './platform/config.ts';
import { openDatabase } from './platform/db.ts';

export async function startServer(config: Config) {
  const started = performance.now();
  const database = await openDatabase(config.database);
  await database.migrate();
  const app = await buildApp({ config, database });
  // Housekeeping, now and then every hour: delete expired sessions (useless), merge the board
  // totals' and the KPI roll-ups' rows of differences. Several instances may all do it; each step is
  // safe to repeat.
  const purge = () =>
    purgeExpiredSessions({ db: database.db })
      .then((count) => count > 0 && app.log.info({ count }, 'deleted expired sessions'))
      .catch((error) => app.log.warn({ err: error }, 'could not delete expired sessions'))
      .then(() => compactBoardTotals({ db: database.db }))
      .catch((error) => app.log.warn({ err: error }, 'could not merge the board totals'))
      .then(() => compactKpiRollups({ db: database.db }))
      .catch((error) => app.log.warn({ err: error }, 'could not merge the KPI roll-ups'));
  const housekeeping = setInterval(purge, 3_600_000);
  housekeeping.unref();
  void purge();
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    clearInterval(housekeeping);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    {
      database: database.kind,
      location: database.location,
      startupMs: Math.round(performance.now() - started),
    },
    `Pacesetter is listening on http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`,
  );
  return { app, database };
}
