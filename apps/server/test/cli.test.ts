/** The `pacesetter` command as an operator runs it, on a throw-away embedded database. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/pacesetter.mjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pacesetter-cli-'));
const dataDir = path.join(work, 'db');

async function pacesetter(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH, PACESETTER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
      cwd: work,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('pacesetter CLI', () => {
  it('explains itself', async () => {
    const help = await pacesetter(['--help']);
    for (const command of [
      'serve',
      'migrate',
      'demo',
      'create-admin',
      'reset-password',
      'backup',
      'restore',
    ]) {
      expect(help.stdout).toContain(command);
    }
  });

  it('stops with a message naming a bad setting', async () => {
    const res = await pacesetter(['migrate'], { PORT: 'abc' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PORT="abc": must be a whole number');
    const tooSmall = await pacesetter(['demo', '--people', '5']);
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toContain('--people must be a whole number of at least 8');
    const badRate = await pacesetter(['demo', '--deal-rate', 'lots']);
    expect(badRate.code).toBe(1);
    expect(badRate.stderr).toContain('--deal-rate must be a number from 0 to 100');
    expect(tooSmall.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('creates an administrator whose generated password must be replaced', async () => {
    const own = { PACESETTER_DATA_DIR: path.join(work, 'ops-db') };
    const args = ['create-admin', '--email', 'op@ops.example', '--name', 'Op', '--organisation', 'Ops'];
    const weak = await pacesetter([...args, '--password', 'short'], own);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password: must be at least 10 characters');
    const res = await pacesetter(args, own);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Temporary password \(to change at first login\): \S{10,}/);
  });

  it('loads the demo, resets a password, backs up and restores', async () => {
    const demo = await pacesetter(['demo', '--people', '12', '--seed', '3']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/12 people/);
    expect(demo.stdout).toContain('Head of sales (director)');
    expect(demo.stderr).toMatch(/People: done/);
    const email = /Administrator\s+(\S+@\S+)/.exec(demo.stdout)?.[1];
    expect(email).toBeTruthy();

    const reset = await pacesetter(['reset-password', '--email', email!]);
    expect(reset.stdout).toMatch(/Temporary password for .+: [a-z2-9-]{19}/);
    expect((await pacesetter(['reset-password', '--email', 'nobody@x.test'])).stderr).toContain(
      'No user with the email',
    );

    const admin = await pacesetter(['create-admin', '--email', 'ops@demo.test', '--name', 'Ops Person']);
    expect(admin.stdout, admin.stderr).toContain('Created administrator ops@demo.test');

    const file = path.join(work, 'backup.tar.gz');
    const backup = await pacesetter(['backup', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(100_000);

    // Change something after the backup, restore, and see it gone.
    await pacesetter(['create-admin', '--email', 'late@demo.test', '--name', 'Late Admin']);
    const restore = await pacesetter(['restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stderr).toMatch(/previous data kept in/);
    const again = await pacesetter(['create-admin', '--email', 'late@demo.test', '--name', 'Late Admin']);
    expect(again.stdout).toContain('Created administrator late@demo.test'); // it did not exist in the backup
    const dup = await pacesetter(['create-admin', '--email', 'ops@demo.test', '--name', 'Ops Person']);
    expect(dup.stderr).toContain('is already used'); // but this one did
  }, 120_000); // nine separate processes, each opening the embedded database

  it('an import killed half-way leaves nothing behind, and a clean one can follow', async () => {
    const own = { PACESETTER_DATA_DIR: path.join(work, 'kill-db') };
    await pacesetter(
      ['create-admin', '--email', 'k@kill.example', '--name', 'Kim', '--organisation', 'Kill'],
      own,
    );
    const file = path.join(work, 'big.csv');
    const lines = ['Account Name,Id'];
    for (let i = 0; i < 120_000; i++) lines.push(`Company ${i},ID-${i}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, [bin, 'import', 'accounts', file], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...own },
      cwd: work,
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (/: (2[5-9]|[3-9]\d)%/.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`the import ended before it could be killed:\n${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const exported = await pacesetter(['export', 'accounts'], own);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(1); // the header only

    const small = path.join(work, 'small.csv');
    fs.writeFileSync(small, 'Account Name,Id\nAcme,ID-1\n');
    const ok = await pacesetter(['import', 'accounts', small], own);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Imported: 1 created, 0 updated.');
  }, 180_000);

  it('prints any metric for people or teams over periods as a table, CSV or JSON', async () => {
    const own = { PACESETTER_DATA_DIR: path.join(work, 'kpi-db') };
    await pacesetter(
      ['create-admin', '--email', 'k@kpi.example', '--name', 'Kay', '--organisation', 'KPI'],
      own,
    );
    const write = (name: string, text: string) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const people = write(
      'teams.csv',
      'sales_agent,manager,regional_office\nAnna Agent,Mo Manager,North\nBen Agent,Mo Manager,North\n',
    );
    const accounts = write('accounts.csv', 'account,sector\nAcme,retail\nGlobex,tech\n');
    // Anna: two won (1,000 after 10 days, 3,000 after 30) and one lost in 2017-Q3; Ben: one won in Q4.
    const deals = write(
      'deals.csv',
      [
        'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
        'D1,Anna Agent,,Acme,Won,2017-07-01,2017-07-11,1000',
        'D2,Anna Agent,,Globex,Won,2017-08-01,2017-08-31,3000',
        'D3,Anna Agent,,Acme,Lost,2017-08-01,2017-09-15,0',
        'D4,Ben Agent,,Globex,Won,2017-10-01,2017-10-05,500',
      ].join('\n'),
    );
    for (const [kind, file, extra] of [
      ['people', people, ['--members-from', '2017-01-01']],
      ['accounts', accounts, []],
    ] as const) {
      const res = await pacesetter(['import', kind, file, '--preset', 'maven', ...extra], own);
      expect(res.code, res.stderr).toBe(0);
    }
    const pipeline = await pacesetter(
      ['pipeline-create', '--name', 'Maven', '--stages', 'Prospecting:10,Engaging:40'],
      own,
    );
    expect(pipeline.code, pipeline.stderr).toBe(0);
    const imported = await pacesetter(
      ['import', 'deals', deals, '--preset', 'maven', '--pipeline', 'Maven'],
      own,
    );
    expect(imported.code, imported.stderr).toBe(0);

    const json = await pacesetter(
      [
        'kpi',
        'win_rate',
        'revenue_won',
        'sales_cycle_days',
        '--by',
        'person',
        '--period',
        '2017-Q3',
        '--names',
        'Anna Agent',
        '--format',
        'json',
      ],
      own,
    );
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as { subjectName: string; metric: string; value: number }[];
    expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toEqual({
      win_rate: 2 / 3,
      revenue_won: 4000,
      sales_cycle_days: 20, // median of 10 and 30
    });
    const csv = await pacesetter(
      ['kpi', 'deals_won', '--by', 'team', '--period', '2017-Q3,2017-Q4', '--format', 'csv'],
      own,
    );
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('name,period,deals_won');
    expect(lines).toContain('North,2017-Q3,2');
    expect(lines).toContain('North,2017-Q4,1');
    const table = await pacesetter(['kpi', 'win_rate', '--period', '2017-Q3', '--names', 'Anna Agent'], own);
    expect(table.stdout).toMatch(/Anna Agent\s+2017-Q3\s+66\.7%/);
    const bad = await pacesetter(['kpi', 'win_rate', '--period', '2017-Q5'], own);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Not a period: "2017-Q5"');
    const unknown = await pacesetter(['kpi', 'happiness', '--period', '2017'], own);
    expect(unknown.stderr).toContain('Unknown metric happiness');
  }, 180_000);
});
