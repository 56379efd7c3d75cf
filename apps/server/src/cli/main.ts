/**
 * `pacesetter`: the operator's command line. Every command reads the same configuration as the
 * server (PACESETTER_DATA_DIR or DATABASE_URL, see docs/OPERATIONS.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type DateFormat,
  IMPORT_FIELDS,
  type ImportKind,
  type ImportPreset,
  isMetricId,
  METRIC_IDS,
  METRICS,
  type MetricId,
} from '@pacesetter/core';
import { Command, InvalidArgumentError } from 'commander';
import { eq } from 'drizzle-orm';
import { organisations, users } from '../db/schema/index.ts';
import { rebuildBoardTotals } from '../modules/crm/deals.service.ts';
import { createPipeline, listPipelines } from '../modules/crm/pipelines.service.ts';
import { MIN_DEMO_PEOPLE } from '../modules/demo/demo.generator.ts';
import { generateDemo } from '../modules/demo/demo.service.ts';
import { type ExportKind, exportCsv } from '../modules/imports/exports.service.ts';
import { runImport } from '../modules/imports/imports.service.ts';
import { computeKpis, rebuildKpiRollups, resolveSubjects } from '../modules/kpi/kpi.service.ts';
import { insertOrganisationWithAdmin } from '../modules/organisations/organisations.service.ts';
import { createUser, resetPassword } from '../modules/users/users.service.ts';
import { systemActor } from '../platform/actor.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { temporaryPassword } from '../platform/crypto.ts';
import { type Database, openDatabase, pgliteExtensions } from '../platform/db.ts';
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

const rate = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError(`${name} must be a number from 0 to 100`);
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
  .command('rebuild-totals')
  .description(
    'Recompute the pipeline board totals from the deals (only needed after loading deals with triggers disabled).',
  )
  .action(async () => {
    await withDatabase(async (database) => {
      const started = performance.now();
      await rebuildBoardTotals({ db: database.db });
      console.log(`Board totals rebuilt from the deals in ${Math.round(performance.now() - started)} ms.`);
    });
  });

program
  .command('rebuild-kpis')
  .description(
    'Recompute the KPI roll-ups (per person × day) from the deals and activities; they are otherwise kept current on every write and import.',
  )
  .action(async () => {
    await withDatabase(async (database) => {
      const started = performance.now();
      await rebuildKpiRollups({ db: database.db });
      console.log(
        `KPI roll-ups rebuilt from the deals and activities in ${Math.round(performance.now() - started)} ms.`,
      );
    });
  });

program
  .command('kpi')
  .description(
    'Print metrics for people or teams over periods, e.g. `pacesetter kpi win_rate revenue_won --by person --period 2017-Q3 --format json`. With no metric, lists the catalogue.',
  )
  .argument('[metrics...]', `metric ids: ${METRIC_IDS.join(', ')}`)
  .option('--by <subject>', 'person or team', 'person')
  .option(
    '--period <list>',
    'comma-separated periods: 2017, 2017-Q3, 2017-03, 2017-W12 or 2017-01-15..2017-02-14',
  )
  .option('--names <list>', 'only these people or teams (comma-separated names; default: all)')
  .option('--format <format>', 'table, csv or json', 'table')
  .option('--organisation <name>', 'when there is more than one')
  .action(
    async (
      metrics: string[],
      opts: { by: string; period?: string; names?: string; format: string; organisation?: string },
    ) => {
      if (metrics.length === 0) {
        for (const m of METRICS.values()) {
          console.log(`${m.id.padEnd(22)} ${m.name} (${m.unit}; ${m.timing}, ${m.nature}): ${m.formula}`);
        }
        return;
      }
      const unknown = metrics.filter((m) => !isMetricId(m));
      if (unknown.length) {
        throw new AppError(
          'INVALID',
          `Unknown metric ${unknown.join(', ')}; run pacesetter kpi to list them`,
        );
      }
      if (opts.by !== 'person' && opts.by !== 'team')
        throw new AppError('INVALID', '--by must be person or team');
      if (!['table', 'csv', 'json'].includes(opts.format)) {
        throw new AppError('INVALID', '--format must be table, csv or json');
      }
      if (!opts.period) throw new AppError('INVALID', '--period is required, e.g. --period 2017-Q3');
      const by = opts.by;
      await withDatabase(async ({ db }) => {
        const org = await pickOrganisation(db, opts.organisation);
        const subjects = await resolveSubjects({
          db,
          orgId: org.id,
          by,
          names: opts.names ? opts.names.split(',').filter((n) => n.trim()) : [],
        });
        const result = await computeKpis({
          db,
          actor: systemActor(org.id),
          query: {
            by,
            ids: subjects.map((s) => s.id),
            metrics: metrics as MetricId[],
            periods: opts
              .period!.split(',')
              .map((p) => p.trim())
              .filter(Boolean),
          },
        });
        printKpis(result.rows, metrics as MetricId[], opts.format);
      });
    },
  );

program
  .command('demo')
  .description(
    'Load a deterministic demo organisation with people, teams and history, and print how to log in.',
  )
  .option('--seed <n>', 'random seed: the same seed gives the same organisation', wholeNumber('--seed'), 42)
  .option('--people <n>', 'number of people (scale)', wholeNumber('--people', MIN_DEMO_PEOPLE), 25)
  .option('--name <name>', 'organisation name', 'Northwind Components')
  .option('--password <password>', 'password for every demo account', 'pacesetter-demo')
  .option(
    '--accounts <n>',
    'CRM accounts in all (default: eight per salesperson)',
    wholeNumber('--accounts', 1),
  )
  .option(
    '--deal-rate <x>',
    'multiplies the deals each salesperson opens a month (default 1, about three)',
    rate('--deal-rate'),
  )
  .option('--activity-rate <x>', 'multiplies the activities people log (default 1)', rate('--activity-rate'))
  .action(
    async (opts: {
      seed: number;
      people: number;
      name: string;
      password: string;
      accounts?: number;
      dealRate?: number;
      activityRate?: number;
    }) => {
      await withDatabase(async (database) => {
        const result = await generateDemo({
          db: database.db,
          options: {
            seed: opts.seed,
            people: opts.people,
            organisationName: opts.name,
            password: opts.password,
            crm: { accounts: opts.accounts, dealRate: opts.dealRate, activityRate: opts.activityRate },
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
    },
  );

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

/** KPI rows as JSON (one object per subject × period × metric), or pivoted to a metric per column. */
function printKpis(
  rows: Awaited<ReturnType<typeof computeKpis>>['rows'],
  metrics: MetricId[],
  format: string,
) {
  if (format === 'json') {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const lines = new Map<string, { name: string; period: string; values: Map<MetricId, number | null> }>();
  for (const r of rows) {
    const key = `${r.subjectId}|${r.period}`;
    const line = lines.get(key) ?? { name: r.subjectName, period: r.period, values: new Map() };
    lines.set(key, line);
    line.values.set(r.metric, r.value);
  }
  const header = ['name', 'period', ...metrics];
  const body = [...lines.values()].map((l) => [
    l.name,
    l.period,
    ...metrics.map((m) => {
      const v = l.values.get(m);
      if (v === null || v === undefined) return '';
      return format === 'csv' ? String(v) : formatMetric(m, v);
    }),
  ]);
  if (format === 'csv') {
    const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    for (const row of [header, ...body]) console.log(row.map(cell).join(','));
    return;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const pad = (row: string[]) =>
    row.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(pad(header));
  for (const row of body) console.log(pad(row));
}

function formatMetric(id: MetricId, value: number): string {
  const unit = METRICS.get(id)!.unit;
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'count') return value.toLocaleString('en');
  if (unit === 'days') return value.toLocaleString('en', { maximumFractionDigits: 1 });
  return value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The organisation a command acts on: the only one, or the one named by --organisation. */
async function pickOrganisation(db: Database['db'], name?: string) {
  const orgs = await db.select().from(organisations).limit(1000);
  const org = name ? orgs.find((o) => o.name === name) : orgs.length === 1 ? orgs[0] : undefined;
  if (org) return org;
  if (name) throw new AppError('INVALID', `No organisation is called "${name}"`);
  throw new AppError(
    'INVALID',
    orgs.length === 0
      ? 'There is no organisation yet: open the web app to set one up, or run pacesetter demo'
      : `There are ${orgs.length} organisations; name one with --organisation`,
  );
}

program
  .command('import')
  .description(
    'Import a CSV file. Every row is checked; with --dry-run nothing is written, otherwise the file goes in whole or not at all. Importing the same file again updates what it created.',
  )
  .argument('<kind>', 'people, accounts, contacts, products, deals, stage-history or activities')
  .argument('<file>', 'the CSV file')
  .option('--preset <id>', 'column names of a known export: maven, salesforce, hubspot or pipedrive')
  .option(
    '--mapping <json-file>',
    'JSON file of field key → column header, to override the suggested mapping',
  )
  .option('--date-format <format>', 'YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, D-MMM-YYYY or auto')
  .option('--decimal <separator>', 'decimal separator of amounts: . or ,')
  .option('--delimiter <char>', 'column separator (default: detected)')
  .option(
    '--pipeline <name>',
    'deals: the pipeline whose stages the file names (default: the default pipeline)',
  )
  .option(
    '--members-from <date>',
    'people: their first day in the team (default: a new person’s start date, else today)',
  )
  .option('--organisation <name>', 'when there is more than one')
  .option('--dry-run', 'check and report only; write nothing')
  .action(
    async (
      kind: string,
      file: string,
      opts: {
        preset?: string;
        mapping?: string;
        dateFormat?: string;
        decimal?: string;
        delimiter?: string;
        pipeline?: string;
        membersFrom?: string;
        organisation?: string;
        dryRun?: boolean;
      },
    ) => {
      const kinds = Object.keys(IMPORT_FIELDS);
      if (!kinds.includes(kind))
        throw new AppError('INVALID', `Unknown kind "${kind}"; choose one of ${kinds.join(', ')}`);
      if (!fs.existsSync(file)) throw new AppError('INVALID', `No file ${file}`);
      const columns = opts.mapping
        ? (JSON.parse(fs.readFileSync(opts.mapping, 'utf8')) as Record<string, string>)
        : undefined;
      await withDatabase(async ({ db }) => {
        const org = await pickOrganisation(db, opts.organisation);
        const actor = systemActor(org.id, 'system (CLI import)');
        let pipelineId: string | undefined;
        if (opts.pipeline) {
          const all = await listPipelines({ db, actor });
          pipelineId = all.find((p) => p.name.toLowerCase() === opts.pipeline!.toLowerCase())?.id;
          if (!pipelineId) {
            throw new AppError(
              'INVALID',
              `No pipeline "${opts.pipeline}"; there are: ${all.map((p) => p.name).join(', ')}`,
            );
          }
        }
        const size = fs.statSync(file).size;
        const bar = progress(`${opts.dryRun ? 'Checking' : 'Importing'} ${path.basename(file)}`, size);
        let read = 0;
        const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
        stream.on('data', (chunk) => {
          read += chunk.length;
        });
        const result = await runImport({
          db,
          actor,
          kind: kind as ImportKind,
          source: stream,
          options: {
            dryRun: !!opts.dryRun,
            preset: opts.preset as ImportPreset['id'] | undefined,
            mapping: {
              ...(columns && { columns }),
              ...(opts.dateFormat && { dateFormat: opts.dateFormat as DateFormat }),
              ...(opts.decimal && { decimal: opts.decimal as '.' | ',' }),
            },
            delimiter: opts.delimiter,
            pipelineId,
            membersFrom: opts.membersFrom,
          },
          onProgress: () => bar.tick(read),
        });
        bar.tick(size);
        bar.done(`${result.rows} rows`);
        const mapped = Object.entries(result.mapping.columns)
          .filter(([, header]) => header)
          .map(([field, header]) => `${header} → ${field}`);
        console.log(`Columns: ${mapped.join(', ')}`);
        if (result.errorCount > 0) {
          console.log(`\n${result.errorCount} problem${result.errorCount === 1 ? '' : 's'}:`);
          for (const e of result.errors.slice(0, 50)) {
            console.log(`  line ${e.line}, ${e.column}: ${e.reason}${e.value ? ` ("${e.value}")` : ''}`);
          }
          if (result.errorCount > 50) console.log(`  … and ${result.errorCount - 50} more`);
        }
        const counts = `${result.created} to create, ${result.updated} to update`;
        if (result.committed)
          console.log(`\nImported: ${result.created} created, ${result.updated} updated.`);
        else if (result.dryRun && result.errorCount === 0)
          console.log(`\nDry run: all ${result.rows} rows are fine (${counts}). Nothing was written.`);
        else
          console.log(
            `\nNothing was written${result.dryRun ? ' (dry run)' : ''}. Fix the rows above and run again.`,
          );
        if (result.errorCount > 0) process.exitCode = 1;
      });
    },
  );

program
  .command('export')
  .description('Write accounts, contacts, deals or activities as CSV (columns the importer reads back).')
  .argument('<kind>', 'accounts, contacts, deals or activities')
  .option('--out <file>', 'write to this file (default: standard output)')
  .option('--organisation <name>', 'when there is more than one')
  .action(async (kind: string, opts: { out?: string; organisation?: string }) => {
    const kinds: ExportKind[] = ['accounts', 'contacts', 'deals', 'activities'];
    if (!kinds.includes(kind as ExportKind)) {
      throw new AppError('INVALID', `Unknown kind "${kind}"; choose one of ${kinds.join(', ')}`);
    }
    await withDatabase(async ({ db }) => {
      const org = await pickOrganisation(db, opts.organisation);
      const out = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
      let rows = -1;
      for await (const line of exportCsv({
        db,
        actor: systemActor(org.id),
        kind: kind as ExportKind,
        filters: {},
      })) {
        rows++;
        if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      if (opts.out) {
        await new Promise<void>((r) => (out as fs.WriteStream).end(() => r()));
        console.error(`Wrote ${rows} ${kind} to ${opts.out}`);
      }
    });
  });

program
  .command('pipeline-create')
  .description('Create a pipeline with its stages, e.g. to import deals that use other stage names.')
  .requiredOption('--name <name>', 'pipeline name')
  .requiredOption(
    '--stages <list>',
    'open stages in order, each Name:probability, comma-separated, e.g. "Prospecting:10,Engaging:40"',
  )
  .option('--won <name>', 'name of the won stage', 'Won')
  .option('--lost <name>', 'name of the lost stage', 'Lost')
  .option('--organisation <name>', 'when there is more than one')
  .action(
    async (opts: { name: string; stages: string; won: string; lost: string; organisation?: string }) => {
      const open = opts.stages.split(',').map((part) => {
        const [name, probability] = part.split(':').map((x) => x.trim());
        const p = Number(probability);
        if (!name || !Number.isInteger(p) || p < 0 || p > 100) {
          throw new AppError(
            'INVALID',
            `--stages: "${part}" must be Name:probability with a probability 0–100`,
          );
        }
        return { name, kind: 'open' as const, probability: p };
      });
      await withDatabase(async ({ db }) => {
        const org = await pickOrganisation(db, opts.organisation);
        const created = await createPipeline({
          db,
          actor: systemActor(org.id),
          input: {
            name: opts.name,
            stages: [
              ...open,
              { name: opts.won, kind: 'won', probability: 100 },
              { name: opts.lost, kind: 'lost', probability: 0 },
            ],
          },
        });
        console.log(`Created pipeline "${created.name}": ${created.stages.map((s) => s.name).join(' → ')}`);
      });
    },
  );

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
    const restored = await PGlite.create({
      dataDir: target,
      loadDataDir: blob,
      extensions: pgliteExtensions,
    });
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
