import { describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree, createPerson } from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

interface Stage {
  id: string;
  name: string;
  kind: string;
}

async function stagesOf(agent: Agent): Promise<Record<string, Stage>> {
  const [pipeline] = (await agent.get('/api/pipelines')).json();
  return Object.fromEntries(pipeline.stages.map((s: Stage) => [s.name, s]));
}

describe('pipelines', () => {
  it('every organisation starts with the standard pipeline; admins add others, checked', async () => {
    const org = await createOrg(server);
    const list = (await org.admin.get('/api/pipelines')).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'Sales', isDefault: true, can: { manage: true } });
    expect(list[0].stages.map((s: { name: string; probability: number }) => [s.name, s.probability])).toEqual(
      [
        ['Prospecting', 10],
        ['Qualification', 20],
        ['Proposal', 50],
        ['Negotiation', 75],
        ['Won', 100],
        ['Lost', 0],
      ],
    );

    const bad = await org.admin.post('/api/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 150 },
        { name: 'Renewed', kind: 'won', probability: 100 },
        { name: 'Churned', kind: 'lost', probability: 0 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: 'body.stages.0.probability', message: 'must be 0–100' },
    ]);
    const noLost = await org.admin.post('/api/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 50 },
        { name: 'Renewed', kind: 'won', probability: 100 },
        { name: 'Also won', kind: 'won', probability: 100 },
      ],
    });
    expect(noLost.json().error.fields[0]).toEqual({
      path: 'body.stages',
      message: 'needs exactly one won stage',
    });

    const ok = await org.admin.post('/api/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 60 },
        { name: 'Renewed', kind: 'won', probability: 100 },
        { name: 'Churned', kind: 'lost', probability: 0 },
      ],
    });
    expect(ok.statusCode).toBe(201);
    const member = await createPerson(org);
    const agent = await member.login();
    expect((await agent.post('/api/pipelines', { name: 'Mine' })).statusCode).toBe(403);
    expect((await agent.get('/api/pipelines')).json()).toHaveLength(2);
  });

  it('a stage that still holds deals cannot be retired', async () => {
    const org = await createOrg(server);
    const [pipeline] = (await org.admin.get('/api/pipelines')).json();
    await org.admin.post('/api/deals', { name: 'Big one', amount: 1000 });
    const withoutProspecting = pipeline.stages.filter((s: Stage) => s.name !== 'Prospecting');
    const res = await org.admin.patch(`/api/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      stages: withoutProspecting,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('The stage “Prospecting” still holds 1 deal; move them first');
    // Renaming and re-ordering is fine.
    const renamed = pipeline.stages.map((s: Stage) => (s.name === 'Proposal' ? { ...s, name: 'Offer' } : s));
    const ok = await org.admin.patch(`/api/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      stages: renamed,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().stages.map((s: Stage) => s.name)).toContain('Offer');
  });
});

describe('deals', () => {
  it('a new deal starts in the first stage, in the organisation’s currency, with its history begun', async () => {
    const org = await createOrg(server);
    const account = (
      await org.admin.post('/api/accounts', { name: 'Acme Corp', sector: 'technology' })
    ).json();
    const res = await org.admin.post('/api/deals', {
      name: 'Acme — 40 seats',
      accountId: account.id,
      amount: 48000,
      expectedCloseDate: '2026-12-15',
      source: 'webinar',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Acme — 40 seats',
      accountName: 'Acme Corp',
      ownerId: org.adminId,
      amount: 48000,
      currency: 'EUR',
      stageName: 'Prospecting',
      probability: 10,
      status: 'open',
      forecastCategory: 'pipeline',
      closedOn: null,
      can: { update: true, reassign: true },
    });
    const history = (await org.admin.get(`/api/deals/${res.json().id}/history`)).json();
    expect(history).toEqual([
      expect.objectContaining({
        fromStageId: null,
        toStageName: 'Prospecting',
        changedByName: 'Ada Admin',
        source: 'user',
      }),
    ]);
    expect((await org.admin.get(`/api/accounts/${account.id}`)).json().openDeals).toBe(1);
  });

  it('names every bad field and writes nothing', async () => {
    const org = await createOrg(server);
    const res = await org.admin.post('/api/deals', {
      name: '',
      amount: -5,
      currency: 'euro',
      expectedCloseDate: '15/12/2026',
      accountId: 'not-a-uuid',
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['body.accountId', 'body.amount', 'body.currency', 'body.expectedCloseDate', 'body.name']);
    const unknownAccount = await org.admin.post('/api/deals', {
      name: 'X',
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownAccount.json().error.fields).toEqual([
      { path: 'body.accountId', message: 'no such account' },
    ]);
    expect((await org.admin.get('/api/deals')).json().items).toEqual([]);
  });

  it('moves through the stages, is lost with a reason, reopened and won — every move kept', async () => {
    const org = await createOrg(server);
    const stages = await stagesOf(org.admin);
    let deal = (
      await org.admin.post('/api/deals', { name: 'Globex renewal', amount: 12000, createdOn: '2026-01-05' })
    ).json();
    const move = async (stage: string, extra: object = {}) => {
      const res = await org.admin.post(`/api/deals/${deal.id}/move`, {
        version: deal.version,
        stageId: stages[stage]!.id,
        ...extra,
      });
      if (res.statusCode === 200) deal = res.json();
      return res;
    };
    expect((await move('Proposal')).statusCode).toBe(200);
    const noReason = await move('Lost');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toEqual([
      { path: 'body.lostReason', message: 'is required to mark a deal lost' },
    ]);
    expect((await move('Lost', { lostReason: 'price', closedOn: '2026-03-01' })).statusCode).toBe(200);
    expect(deal).toMatchObject({
      status: 'lost',
      lostReason: 'price',
      closedOn: '2026-03-01',
      forecastCategory: 'omitted',
    });
    expect((await move('Negotiation')).statusCode).toBe(200);
    expect(deal).toMatchObject({
      status: 'open',
      lostReason: null,
      closedOn: null,
      forecastCategory: 'pipeline',
    });
    expect((await move('Won', { closedOn: '2026-04-10' })).statusCode).toBe(200);
    expect(deal).toMatchObject({ status: 'won', closedOn: '2026-04-10', forecastCategory: 'closed' });

    const history = (await org.admin.get(`/api/deals/${deal.id}/history`)).json();
    expect(
      history.map((h: { fromStageName: string | null; toStageName: string }) => [
        h.fromStageName,
        h.toStageName,
      ]),
    ).toEqual([
      [null, 'Prospecting'],
      ['Prospecting', 'Proposal'],
      ['Proposal', 'Lost'],
      ['Lost', 'Negotiation'],
      ['Negotiation', 'Won'],
    ]);
    const audit = (await org.admin.get(`/api/audit?entityId=${deal.id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'deal.won',
      'deal.reopen',
      'deal.lost',
      'deal.move',
      'deal.create',
    ]);
    const early = await move('Lost', { lostReason: 'timing', closedOn: '2025-12-31' });
    expect(early.json().error.fields).toEqual([
      { path: 'body.closedOn', message: 'must be on or after the creation date (2026-01-05)' },
    ]);
  });

  it('a stale version gets 409 and the first write survives', async () => {
    const org = await createOrg(server);
    const deal = (await org.admin.post('/api/deals', { name: 'Initech', amount: 100 })).json();
    expect(
      (await org.admin.patch(`/api/deals/${deal.id}`, { version: deal.version, amount: 200 })).statusCode,
    ).toBe(200);
    const stale = await org.admin.patch(`/api/deals/${deal.id}`, { version: deal.version, amount: 300 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await org.admin.get(`/api/deals/${deal.id}`)).json().amount).toBe(200);
  });

  it('members work their own deals and see their team’s; leaders their tree; other orgs see nothing', async () => {
    const t = await createOrgWithTree(server);
    const stages = await stagesOf(t.org.admin);
    const [ma, ma2, mb, la, lb, director, viewer] = await Promise.all(
      [t.ma, t.ma2, t.mb, t.la, t.lb, t.director, t.viewer].map((p) => p.login()),
    );
    const created = await ma!.post('/api/deals', { name: 'Mia’s deal', amount: 5000 });
    expect(created.statusCode).toBe(201);
    const deal = created.json();
    // Someone else's name on a new deal: only for a leader of theirs.
    const forOther = await ma!.post('/api/deals', { name: 'For Max', ownerId: t.mb.id });
    expect(forOther.statusCode).toBe(403);

    const sees = async (agent: Agent) => (await agent.get(`/api/deals/${deal.id}`)).statusCode;
    const lists = async (agent: Agent) =>
      (await agent.get('/api/deals')).json().items.some((d: { id: string }) => d.id === deal.id);
    for (const [agent, visible] of [
      [ma2, true],
      [la, true],
      [director, true],
      [viewer, true],
      [t.org.admin, true],
      [mb, false],
      [lb, false],
    ] as const) {
      expect(await sees(agent!)).toBe(visible ? 200 : 404);
      expect(await lists(agent!)).toBe(visible);
    }
    // Filtering by an owner one may not see finds nothing, on every list and on the board.
    await ma!.post('/api/activities', { type: 'call', subject: 'Called', dealId: deal.id });
    const byOwner = async (agent: Agent) => {
      const q = `ownerId=${t.ma.id}`;
      const board = (await agent.get(`/api/deals/board?${q}`)).json();
      return [
        (await agent.get(`/api/deals?${q}`)).json().items.length,
        (await agent.get(`/api/activities?${q}`)).json().items.length,
        board.columns.reduce((n: number, c: { count: number }) => n + c.count, 0),
      ];
    };
    expect(await byOwner(la!)).toEqual([1, 1, 1]);
    expect(await byOwner(ma2!)).toEqual([1, 1, 1]);
    expect(await byOwner(mb!)).toEqual([0, 0, 0]);
    expect(await byOwner(lb!)).toEqual([0, 0, 0]);
    const other = await createOrg(server, 'Other Org');
    expect(await sees(other.admin)).toBe(404);
    expect(
      (await other.admin.post(`/api/deals/${deal.id}/move`, { version: 1, stageId: stages.Won!.id }))
        .statusCode,
    ).toBe(404);

    // A teammate sees but may not change it; the leader may, and may reassign it.
    expect((await ma2!.get(`/api/deals/${deal.id}`)).json().can).toEqual({
      create: false,
      update: false,
      reassign: false,
      delete: false,
    });
    expect(
      (await ma2!.post(`/api/deals/${deal.id}/move`, { version: 1, stageId: stages.Proposal!.id }))
        .statusCode,
    ).toBe(403);
    expect(
      (await viewer!.post(`/api/deals/${deal.id}/move`, { version: 1, stageId: stages.Proposal!.id }))
        .statusCode,
    ).toBe(403);
    expect((await ma!.patch(`/api/deals/${deal.id}`, { version: 1, ownerId: t.ma2.id })).statusCode).toBe(
      403,
    );
    const reassigned = await la!.patch(`/api/deals/${deal.id}`, { version: 1, ownerId: t.ma2.id });
    expect(reassigned.statusCode).toBe(200);
    expect(reassigned.json()).toMatchObject({ ownerName: 'Mila Member' });
    const toOtherTeam = await la!.patch(`/api/deals/${deal.id}`, { version: 2, ownerId: t.mb.id });
    expect(toOtherTeam.statusCode).toBe(400);
    expect(toOtherTeam.json().error.fields[0].path).toBe('body.ownerId');
    expect((await ma!.get(`/api/deals/${deal.id}/history`)).json()).toHaveLength(1);
  });

  it('the board sums each stage per currency and respects filters', async () => {
    const org = await createOrg(server);
    const stages = await stagesOf(org.admin);
    const rep = await createPerson(org, { name: 'Rita Rep' });
    for (const [name, amount, stage, currency, ownerId] of [
      ['A', 1000, 'Prospecting', 'EUR', org.adminId],
      ['B', 2500, 'Prospecting', 'EUR', rep.id],
      ['C', 700, 'Prospecting', 'USD', rep.id],
      ['D', 4000, 'Proposal', 'EUR', rep.id],
    ] as const) {
      const res = await org.admin.post('/api/deals', {
        name,
        amount,
        currency,
        stageId: stages[stage]!.id,
        ownerId,
      });
      expect(res.statusCode).toBe(201);
    }
    const board = (await org.admin.get('/api/deals/board')).json();
    const column = (name: string) => board.columns.find((c: { name: string }) => c.name === name);
    expect(board.columns.map((c: { name: string }) => c.name)).toEqual([
      'Prospecting',
      'Qualification',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    expect(column('Prospecting').count).toBe(3);
    expect(
      column('Prospecting').totals.sort((a: { currency: string }, b: { currency: string }) =>
        a.currency.localeCompare(b.currency),
      ),
    ).toEqual([
      { currency: 'EUR', amount: 3500 },
      { currency: 'USD', amount: 700 },
    ]);
    expect(column('Proposal').deals.map((d: { name: string }) => d.name)).toEqual(['D']);
    const mine = (await org.admin.get(`/api/deals/board?ownerId=${rep.id}&perStage=1`)).json();
    expect(mine.columns[0].count).toBe(2);
    expect(mine.columns[0].deals).toHaveLength(1);
  });

  it('pages a sorted list without repeats or gaps', async () => {
    const org = await createOrg(server);
    const amounts = [500, 900, 100, 900, 300, null, 700];
    for (const [i, amount] of amounts.entries())
      await org.admin.post('/api/deals', { name: `Deal ${i}`, amount });
    const seen: (number | null)[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { amount: number | null }[]; nextCursor: string | null } = (
        await org.admin.get(`/api/deals?sort=-amount&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((d) => d.amount));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([900, 900, 700, 500, 300, 100, null]);
    // The default order, most recently updated first, pages exactly too.
    const names: string[] = [];
    cursor = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (
        await org.admin.get(`/api/deals?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      names.push(...page.items.map((d) => d.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(amounts.map((_, i) => `Deal ${i}`).reverse());
  });

  it('rejects a tampered cursor, an empty lost reason and a contact from another account', async () => {
    const org = await createOrg(server);
    const forged = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    for (const url of [`/api/deals?cursor=${forged}`, `/api/accounts?sort=createdAt&cursor=${forged}`]) {
      const res = await org.admin.get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0].path).toBe('query.cursor');
    }
    const acme = (await org.admin.post('/api/accounts', { name: 'Acme' })).json();
    const globex = (await org.admin.post('/api/accounts', { name: 'Globex' })).json();
    const wile = (
      await org.admin.post('/api/contacts', { firstName: 'Wile', lastName: 'Coyote', accountId: acme.id })
    ).json();
    const deal = (
      await org.admin.post('/api/deals', { name: 'Anvils', accountId: acme.id, contactId: wile.id })
    ).json();
    const moved = await org.admin.patch(`/api/deals/${deal.id}`, {
      version: deal.version,
      accountId: globex.id,
    });
    expect(moved.json().error.fields).toEqual([
      { path: 'body.contactId', message: 'works for a different account than the deal’s' },
    ]);
    const empty = await org.admin.patch(`/api/deals/${deal.id}`, { version: deal.version, lostReason: '  ' });
    expect(empty.json().error.fields).toEqual([{ path: 'body.lostReason', message: 'must not be empty' }]);
  });

  it('logs objections with how they were handled', async () => {
    const org = await createOrg(server);
    const deal = (await org.admin.post('/api/deals', { name: 'Hooli', createdOn: '2026-02-01' })).json();
    const res = await org.admin.post(`/api/deals/${deal.id}/objections`, {
      type: 'price',
      technique: 'feel, felt, found',
      outcome: 'resolved',
      raisedOn: '2026-02-10',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual([
      expect.objectContaining({
        type: 'price',
        technique: 'feel, felt, found',
        outcome: 'resolved',
        loggedByName: 'Ada Admin',
      }),
    ]);
    const bad = await org.admin.post(`/api/deals/${deal.id}/objections`, {
      type: 'mood',
      outcome: 'resolved',
    });
    expect(bad.json().error.fields[0].path).toBe('body.type');
  });
});
