/**
 * `pacesetter`: the operator's command line. Every command reads the same configuration as the
 * server (PACESETTER_DATA_DIR or DATABASE_URL, see docs/OPERATIONS.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { eq } from 'drizzle-orm';
import { organisations, users } from '../db/schema/index.ts';
import { MIN_DEMO_PEOPLE } from '../modules/demo/demo.generator.ts';
import { generateDemo } from '../modules/demo/demo.service.ts';
import { insertOrganisationWithAdmin } from '../modules/organisations/organisations.service.ts';
import { createUser, resetPassword } from '../modules/users/users.service.ts';
import { systemActor } from '../platform/actor.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { temporaryPassword } from '../platform/crypto.ts';
import { type Database, openDatabase } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { startServer } from '../server.ts';
import { progress } from './progress.ts';

const wholeNumber =
  (name: string, min = 0) =>
  (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}`);
    }
    return n;
  };

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

const program = new Command()
  .name('pacesetter')
  .description(
    'Pacesetter: lead sales and marketing teams. Configuration comes from the environment (see docs/OPERATIONS.md).',
  )
  .showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('Start the web app and API (default). Applies pending migrations first.')
  .action(async () => {
    await startServer(loadConfig());
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit.')
  .action(async () => {
    await withDatabase(async (database) => {
      console.log(`Database at ${database.location} is up to date.`);
    });
  });

program
  .command('demo')
  .description(
    'Load a deterministic demo organisation with people, teams and history, and print how to log in.',
  )
  .option('--seed <n>', 'random seed: the same seed gives the same organisation', wholeNumber('--seed'), 42)
  .option('--people <n>', 'number of people (scale)', wholeNumber('--people', MIN_DEMO_PEOPLE), 25)
  .option('--name <name>', 'organisation name', 'Northwind Components')
  .option('--password <password>', 'password for every demo account', 'pacesetter-demo')
  .action(async (opts: { seed: number; people: number; name: string; password: string }) => {
    await withDatabase(async (database) => {
      const result = await generateDemo({
        db: database.db,
        options: {
          seed: opts.seed,
          people: opts.people,
          organisationName: opts.name,
          password: opts.password,
        },
        onProgress: (() => {
          let bar: ReturnType<typeof progress> | undefined;
          return (step: string, done: number, total: number) => {
            bar ??= progress(step, total);
            bar.tick(done);
            if (done === total) {
              bar.done();
              bar = undefined;
            }
          };
        })(),
      });
      console.log(
        `\nDemo organisation "${result.organisationName}" is ready: ${result.counts.people} people in ${result.counts.teams} teams and offices.`,
      );
      console.log(
        `Log in at http://localhost:${loadConfig().port} with any of these (password: ${opts.password}):\n`,
      );
      const width = Math.max(...result.logins.map((l) => l.persona.length));
      for (const l of result.logins) console.log(`  ${l.persona.padEnd(width)}  ${l.email}  (${l.name})`);
    });
  });

program
  .command('create-admin')
  .description(
    'Create an administrator: in the organisation named by --organisation, or a new one if none has that name.',
  )
  .requiredOption('--email <email>', 'login email')
  .requiredOption('--name <name>', 'full name')
  .option('--organisation <name>', 'organisation name (default: the only organisation, or "My organisation")')
  .option(
    '--password <password>',
    'initial password (default: a generated temporary one, to change at first login)',
  )
  .action(async (opts: { email: string; name: string; organisation?: string; password?: string }) => {
    await withDatabase(async ({ db }) => {
      const orgs = await db.select().from(organisations).limit(1000);
      const org = opts.organisation
        ? orgs.find((o) => o.name === opts.organisation)
        : orgs.length === 1
          ? orgs[0]
          : undefined;
      if (!org && !opts.organisation && orgs.length > 1) {
        throw new AppError('INVALID', `There are ${orgs.length} organisations; name one with --organisation`);
      }
      if (!org) {
        // The operator at the console may create an organisation whatever PACESETTER_SIGNUP says:
        // that setting governs the public set-up page, not people with shell access.
        const password = opts.password ?? temporaryPassword();
        const created = await db.transaction((tx) =>
          insertOrganisationWithAdmin(tx, {
            organisationName: opts.organisation ?? 'My organisation',
            name: opts.name,
            email: opts.email,
            password,
            mustChangePassword: opts.password === undefined,
          }),
        );
        console.log(`Created organisation "${created.organisation.name}" with administrator ${opts.email}.`);
        if (!opts.password) console.log(`Temporary password (to change at first login): ${password}`);
        return;
      }
      const user = await createUser({
        db,
        actor: systemActor(org.id),
        input: { name: opts.name, email: opts.email, role: 'admin', password: opts.password },
      });
      console.log(`Created administrator ${user.email} in "${org.name}".`);
      if (user.temporaryPassword)
        console.log(`Temporary password (to change at first login): ${user.temporaryPassword}`);
    });
  });

program
  .command('reset-password')
  .description(
    'Give a user a temporary password (they choose a new one at login); also unlocks a locked account.',
  )
  .requiredOption('--email <email>', 'the user’s login email')
  .action(async (opts: { email: string }) => {
    await withDatabase(async ({ db }) => {
      const [user] = await db
        .select()
        .from(users)
        .where(eq(users.email, opts.email.trim().toLowerCase()))
        .limit(1);
      if (!user) throw new AppError('NOT_FOUND', `No user with the email ${opts.email}`);
      const { temporaryPassword } = await resetPassword({ db, actor: systemActor(user.orgId), id: user.id });
      console.log(`Temporary password for ${user.email}: ${temporaryPassword}`);
    });
  });

program
  .command('backup')
  .description(
    'Write the embedded database to a compressed file (stop the server first). On PostgreSQL, use pg_dump.',
  )
  .argument('<file>', 'where to write, e.g. pacesetter-2026-11-24.tar.gz')
  .action(async (file: string) => {
    const config = loadConfig();
    if (config.database.kind !== 'pglite') {
      throw new AppError(
        'INVALID',
        'DATABASE_URL is set: back up the PostgreSQL server with pg_dump (see docs/OPERATIONS.md)',
      );
    }
    const database = await openDatabase(config.database);
    try {
      const bar = progress('Backing up', 1);
      const dump = await database.pglite!.dumpDataDir('gzip');
      fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      bar.done(`${(fs.statSync(file).size / 1e6).toFixed(1)} MB written to ${path.resolve(file)}`);
    } finally {
      await database.close();
    }
  });

program
  .command('restore')
  .description(
    'Replace the embedded database with a backup (stop the server first). The current data is kept aside.',
  )
  .argument('<file>', 'a file written by `pacesetter backup`')
  .action(async (file: string) => {
    const config = loadConfig();
    if (config.database.kind !== 'pglite') {
      throw new AppError(
        'INVALID',
        'DATABASE_URL is set: restore the PostgreSQL server with pg_restore or psql',
      );
    }
    if (!fs.existsSync(file)) throw new AppError('INVALID', `No such file: ${file}`);
    const { PGlite } = await import('@electric-sql/pglite');
    const dir = config.database.dataDir;
    const target = `${dir}.restoring`;
    fs.rmSync(target, { recursive: true, force: true });
    const bar = progress('Restoring', 1);
    const blob = new Blob([fs.readFileSync(file)]);
    const restored = await PGlite.create({ dataDir: target, loadDataDir: blob });
    await restored.query('select 1');
    await restored.close();
    let aside: string | null = null;
    if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f !== '.pacesetter.lock')) {
      if (fs.existsSync(path.join(dir, '.pacesetter.lock'))) {
        throw new AppError('CONFLICT', `${dir} is in use (is the server running?). Stop it and try again.`);
      }
      aside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(dir, aside);
    }
    fs.renameSync(target, dir);
    bar.done(aside ? `previous data kept in ${aside}` : '');
    await withDatabase(async () => {}); // apply migrations newer than the backup
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof ConfigError || error instanceof AppError || error instanceof RangeError) {
    // Field paths name HTTP body fields; on the command line the option names say it better.
    console.error(error.message.replace(/\bbody\./g, ''));
    process.exit(1);
  }
  throw error;
}
