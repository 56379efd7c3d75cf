/**
 * The board's column totals come from deal_stage_totals, kept by triggers. Whatever happens to the
 * deals (created, moved, lost, reopened, reassigned, repriced, imported, re-imported), the board must
 * show exactly what counting the deals themselves gives — for everyone and for each owner — and
 * merging or rebuilding the totals must not change them.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOrg, createPerson, type TestOrg } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';
import { queryRows } from '../../platform/db.ts';
import { compactBoardTotals, rebuildBoardTotals } from './deals.service.ts';

const server = useTestServer();

interface Column {
  stageId: string;
  kind: string;
  count: number;
  totals: { currency: string; amount: number }[];
}

type Summary = Record<string, { count: number; totals: Record<string, number> }>;

/** The board's figures, keyed by stage, without empty stages. */
async function board(org: TestOrg, query = ''): Promise<Summary> {
  const res = await org.admin.get(`/api/deals/board?perStage=1${query}`);
  expect(res.statusCode).toBe(200);
  const summary: Summary = {};
  for (const c of res.json().columns as Column[]) {
    if (c.count === 0) continue;
    summary[c.stageId] = {
      count: c.count,
      totals: Object.fromEntries(c.totals.filter((t) => t.amount !== 0).map((t) => [t.currency, t.amount])),
    };
  }
  return summary;
}

/** The same figures, counted from the deals themselves. */
async function counted(orgId: string, ownerId?: string): Promise<Summary> {
  const rows = await queryRows<{ stage_id: string; currency: string; n: number; amount: number }>(
    server.database.db,
    sql`select stage_id, currency, count(*)::int as n, coalesce(sum(amount), 0)::float8 as amount
        from deals where org_id = ${orgId} ${ownerId ? sql`and owner_id = ${ownerId}` : sql``}
        group by stage_id, currency`,
  );
  const summary: Summary = {};
  for (const r of rows) {
    const s = summary[r.stage_id] ?? { count: 0, totals: {} };
    summary[r.stage_id] = s;
    s.count += r.n;
    if (r.amount !== 0) s.totals[r.currency] = r.amount;
  }
  return summary;
}

const op = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    stage: fc.nat(5),
    owner: fc.nat(2),
    amount: fc.option(fc.integer({ min: 0, max: 50_000 })),
    currency: fc.constantFrom('EUR', 'USD'),
  }),
  fc.record({ kind: fc.constant('move' as const), deal: fc.nat(), stage: fc.nat(5) }),
  fc.record({ kind: fc.constant('reassign' as const), deal: fc.nat(), owner: fc.nat(2) }),
  fc.record({
    kind: fc.constant('reprice' as const),
    deal: fc.nat(),
    amount: fc.option(fc.integer({ min: 0, max: 50_000 })),
    currency: fc.constantFrom('EUR', 'USD', 'GBP'),
  }),
  fc.record({ kind: fc.constant('import' as const), rows: fc.integer({ min: 1, max: 4 }), stage: fc.nat(5) }),
);

describe('board totals', () => {
  it('always equal counting the deals, for everyone and per owner (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const org = await createOrg(server);
        const people = [
          { id: org.adminId, email: org.adminEmail },
          await createPerson(org, { name: 'Rita Rep' }),
          await createPerson(org, { name: 'Sam Seller' }),
        ];
        const [pipeline] = (await org.admin.get('/api/pipelines')).json();
        const stages = pipeline.stages as { id: string; name: string; kind: string }[];
        const deals: { id: string; version: number }[] = [];
        const pick = (n: number) => deals[n % deals.length]!;
        let imported = 0;
        for (const o of ops) {
          if (o.kind === 'create') {
            const res = await org.admin.post('/api/deals', {
              name: `Deal ${deals.length}`,
              amount: o.amount,
              currency: o.currency,
              ownerId: people[o.owner]!.id,
              stageId: stages[o.stage]!.id,
              lostReason: stages[o.stage]!.kind === 'lost' ? 'Price' : undefined,
            });
            expect(res.statusCode, res.body).toBe(201);
            deals.push(res.json());
          } else if (o.kind === 'import') {
            // Deals with external ids: the second import of an id updates it (an upsert).
            const lines = Array.from({ length: o.rows }, (_, i) => {
              const stage = stages[(o.stage + i) % stages.length]!;
              return `X-${(imported + i) % 5},Imported ${i},${people[i % 3]!.email},${100 * (i + 1)},${stage.name},2026-01-0${i + 1},${stage.kind === 'open' ? '' : '2026-02-01'}`;
            });
            imported += o.rows;
            const res = await org.admin.request({
              method: 'POST',
              url: '/api/imports/deals?dryRun=false',
              headers: { 'content-type': 'text/csv' },
              payload: `Id,Name,Owner,Amount,Stage,Created on,Closed on\n${lines.join('\n')}\n`,
            });
            expect(res.statusCode, res.body).toBe(200);
            expect(res.json().committed, res.body).toBe(true);
          } else if (deals.length > 0) {
            const deal = pick(o.deal);
            const res =
              o.kind === 'move'
                ? await org.admin.post(`/api/deals/${deal.id}/move`, {
                    version: deal.version,
                    stageId: stages[o.stage]!.id,
                    lostReason: stages[o.stage]!.kind === 'lost' ? 'Timing' : undefined,
                  })
                : await org.admin.patch(`/api/deals/${deal.id}`, {
                    version: deal.version,
                    ...(o.kind === 'reassign'
                      ? { ownerId: people[o.owner]!.id }
                      : { amount: o.amount, currency: o.currency }),
                  });
            // Moving a deal to the stage it is in is refused; everything else goes through.
            if (res.statusCode === 200) Object.assign(deal, res.json());
            else expect(res.statusCode, res.body).toBe(400);
          }
        }
        const expected = await counted(org.orgId);
        expect(await board(org)).toEqual(expected);
        for (const person of people) {
          expect(await board(org, `&ownerId=${person.id}`)).toEqual(await counted(org.orgId, person.id));
        }
        await compactBoardTotals({ db: server.database.db });
        expect(await board(org)).toEqual(expected);
        await rebuildBoardTotals({ db: server.database.db });
        expect(await board(org)).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
