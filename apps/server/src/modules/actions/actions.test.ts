import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree } from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';
import { effectOf } from './actions.service.ts';

const server = useTestServer();

const today = () => new Date().toISOString().slice(0, 10);

async function wonAndLostStages(agent: Agent) {
  const pipelines = (await agent.get('/api/pipelines')).json();
  const p = pipelines.find((x: { isDefault: boolean }) => x.isDefault);
  const stage = (kind: string) => p.stages.find((s: { kind: string }) => s.kind === kind).id as string;
  return { won: stage('won'), lost: stage('lost') };
}

async function closedDeal(
  agent: Agent,
  ownerId: string,
  stageId: string,
  d: { amount: number; createdOn: string; closedOn: string; lostReason?: string },
) {
  const res = await agent.post('/api/deals', {
    name: `Deal ${d.amount} ${d.closedOn}`,
    ownerId,
    stageId,
    ...d,
  });
  expect(res.statusCode, res.body).toBe(201);
}

/**
 * Mia's closed deals, by hand:
 *   October 2025:  won 1,000 (created 1 Sep, closed 5 Oct: 34 days), won 3,000 (1 Oct → 20 Oct:
 *                  19 days), lost one (15 Oct). Revenue 4,000; median cycle (19, 34) = 26.5; lost 1.
 *   November 2025: won 2,500 (1 Nov → 10 Nov: 9 days), 3,500 (5 Nov → 25 Nov: 20 days), 1,000
 *                  (20 Nov → 28 Nov: 8 days), lost one (15 Nov). Revenue 7,000; median cycle
 *                  (8, 9, 20) = 9; lost 1.
 *   December 2025: nothing closed.
 * Mila (same team) wins 10,000 in November, which must not count for Mia.
 */
async function scenario() {
  const t = await createOrgWithTree(server);
  const { won, lost } = await wonAndLostStages(t.org.admin);
  const admin = t.org.admin;
  await closedDeal(admin, t.ma.id, won, { amount: 1000, createdOn: '2025-09-01', closedOn: '2025-10-05' });
  await closedDeal(admin, t.ma.id, won, { amount: 3000, createdOn: '2025-10-01', closedOn: '2025-10-20' });
  await closedDeal(admin, t.ma.id, lost, {
    amount: 500,
    createdOn: '2025-09-15',
    closedOn: '2025-10-15',
    lostReason: 'Price',
  });
  await closedDeal(admin, t.ma.id, won, { amount: 2500, createdOn: '2025-11-01', closedOn: '2025-11-10' });
  await closedDeal(admin, t.ma.id, won, { amount: 3500, createdOn: '2025-11-05', closedOn: '2025-11-25' });
  await closedDeal(admin, t.ma.id, won, { amount: 1000, createdOn: '2025-11-20', closedOn: '2025-11-28' });
  await closedDeal(admin, t.ma.id, lost, {
    amount: 800,
    createdOn: '2025-11-02',
    closedOn: '2025-11-15',
    lostReason: 'Timing',
  });
  await closedDeal(admin, t.ma2.id, won, { amount: 10000, createdOn: '2025-11-01', closedOn: '2025-11-20' });
  return t;
}

const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

describe('the effect of an action', () => {
  it('improves when the metric moves its better way, not when it stands still; unknown when undefined', () => {
    expect(effectOf('higher_is_better', 4000, 7000)).toEqual({
      baseline: 4000,
      review: 7000,
      change: 3000,
      improved: true,
    });
    expect(effectOf('higher_is_better', 7000, 4000).improved).toBe(false);
    expect(effectOf('lower_is_better', 26.5, 9)).toEqual({
      baseline: 26.5,
      review: 9,
      change: -17.5,
      improved: true,
    });
    expect(effectOf('lower_is_better', 9, 26.5).improved).toBe(false);
    expect(effectOf('lower_is_better', 1, 1)).toEqual({ baseline: 1, review: 1, change: 0, improved: false });
    expect(effectOf('higher_is_better', 0.5, null)).toEqual({
      baseline: 0.5,
      review: null,
      change: null,
      improved: null,
    });
    expect(effectOf(null, 1, 2)).toEqual({ baseline: 1, review: 2, change: 1, improved: null });
  });
});

describe('corrective actions', () => {
  it('a leader raises an action with its baseline, and the review says whether the metric moved', async () => {
    const t = await scenario();
    const leader = await t.la.login();

    const created = await leader.post('/api/corrective-actions', {
      personId: t.ma.id,
      kind: 'coaching',
      title: 'Ride-alongs on first meetings',
      flag: 'Revenue behind pace',
      metricId: 'revenue_won',
      dueDate: '2025-11-30',
      baselinePeriod: '2025-10',
    });
    expect(created.statusCode, created.body).toBe(201);
    const action = created.json();
    expect(action).toMatchObject({
      personId: t.ma.id,
      personName: 'Mia Member',
      ownerId: t.la.id,
      ownerName: 'Lea Leader',
      kind: 'coaching',
      flag: 'Revenue behind pace',
      metricId: 'revenue_won',
      metricName: 'Revenue won',
      metricUnit: 'currency',
      metricDirection: 'higher_is_better',
      baselineValue: 4000,
      baselineStart: '2025-10-01',
      baselineEnd: '2025-10-31',
      status: 'open',
      reviewValue: null,
      effect: null,
      version: 1,
      can: { read: true, update: true, set_status: true, review: true },
    });

    const reviewed = await leader.post(`/api/corrective-actions/${action.id}/review`, {
      version: 1,
      reviewPeriod: '2025-11',
      note: 'Two more wins after the ride-alongs',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({
      reviewValue: 7000,
      reviewStart: '2025-11-01',
      reviewEnd: '2025-11-30',
      reviewNote: 'Two more wins after the ride-alongs',
      reviewedBy: t.la.id,
      reviewedByName: 'Lea Leader',
      effect: { baseline: 4000, review: 7000, change: 3000, improved: true },
      version: 2,
    });

    // Sales cycle is lower-is-better: from a median of 26.5 days to 9 is an improvement.
    const cycle = (
      await leader.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'training',
        title: 'Qualification course',
        metricId: 'sales_cycle_days',
        dueDate: '2025-11-15',
        baselinePeriod: '2025-10-01..2025-10-31',
      })
    ).json();
    expect(cycle.baselineValue).toBe(26.5);
    const cycleReview = (
      await leader.post(`/api/corrective-actions/${cycle.id}/review`, { version: 1, reviewPeriod: '2025-11' })
    ).json();
    expect(cycleReview.effect).toEqual({ baseline: 26.5, review: 9, change: -17.5, improved: true });

    // A metric that did not move did not improve; one undefined in the review period says nothing.
    const lost = (
      await leader.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'revised_script',
        title: 'Objection script',
        metricId: 'deals_lost',
        dueDate: '2025-11-15',
        baselinePeriod: '2025-10',
      })
    ).json();
    expect(
      (
        await leader.post(`/api/corrective-actions/${lost.id}/review`, {
          version: 1,
          reviewPeriod: '2025-11',
        })
      ).json().effect,
    ).toEqual({ baseline: 1, review: 1, change: 0, improved: false });
    const winRate = (
      await leader.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'other',
        title: 'Pipeline review',
        metricId: 'win_rate',
        dueDate: '2025-12-15',
        baselinePeriod: '2025-Q4',
      })
    ).json();
    // 2025-Q4: won 5 of 7 closed.
    expect(winRate.baselineValue).toBeCloseTo(5 / 7, 10);
    expect(
      (
        await leader.post(`/api/corrective-actions/${winRate.id}/review`, {
          version: 1,
          reviewPeriod: '2025-12',
        })
      ).json().effect,
    ).toEqual({ baseline: winRate.baselineValue, review: null, change: null, improved: null });

    // By default the baseline is the current month, and the review runs from the creation day to today.
    const current = (
      await leader.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'coaching',
        title: 'This month',
        metricId: 'revenue_won',
        dueDate: today(),
      })
    ).json();
    expect(current).toMatchObject({ baselineStart: `${today().slice(0, 7)}-01`, baselineValue: 0 });
    const defaultReview = (
      await leader.post(`/api/corrective-actions/${current.id}/review`, { version: 1 })
    ).json();
    expect(defaultReview).toMatchObject({ reviewStart: today(), reviewEnd: today(), reviewValue: 0 });
    expect(defaultReview.effect).toEqual({ baseline: 0, review: 0, change: 0, improved: false });

    // Every write is in the audit log.
    const audit = (
      await t.org.admin.get(`/api/audit?entityType=corrective_action&entityId=${action.id}`)
    ).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'corrective_action.review',
      'corrective_action.create',
    ]);
    expect(audit.items[0].after.effect).toEqual({
      baseline: 4000,
      review: 7000,
      change: 3000,
      improved: true,
    });
  });

  it('lists and reads by role: leaders their team’s people, members their own, others get 404', async () => {
    const t = await createOrgWithTree(server);
    const [la, lb, ma, ma2, mb, viewer, director] = await Promise.all([
      t.la.login(),
      t.lb.login(),
      t.ma.login(),
      t.ma2.login(),
      t.mb.login(),
      t.viewer.login(),
      t.director.login(),
    ]);
    const raise = async (agent: Agent, body: Record<string, unknown>) => {
      const res = await agent.post('/api/corrective-actions', {
        kind: 'coaching',
        metricId: 'calls',
        baselinePeriod: '2025-10',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const aboutMa = await raise(la, { personId: t.ma.id, title: 'About Mia', dueDate: '2026-03-01' });
    const aboutMa2 = await raise(la, { personId: t.ma2.id, title: 'About Mila', dueDate: '2026-01-15' });
    // Lb asks Mia (another team) to run a session for Max: Mia owns an action about Max.
    const aboutMb = await raise(lb, {
      personId: t.mb.id,
      ownerId: t.ma.id,
      title: 'Mia shows Max the demo',
      dueDate: '2026-02-01',
    });
    expect(aboutMb).toMatchObject({ ownerName: 'Mia Member', personName: 'Max Member' });

    // Soonest due first.
    expect(ids(await t.org.admin.get('/api/corrective-actions'))).toEqual([
      aboutMa2.id,
      aboutMb.id,
      aboutMa.id,
    ]);
    expect(ids(await director.get('/api/corrective-actions'))).toEqual([aboutMa2.id, aboutMb.id, aboutMa.id]);
    expect(ids(await la.get('/api/corrective-actions'))).toEqual([aboutMa2.id, aboutMa.id]);
    expect(ids(await lb.get('/api/corrective-actions'))).toEqual([aboutMb.id]);
    expect(ids(await ma.get('/api/corrective-actions'))).toEqual([aboutMb.id, aboutMa.id]);
    expect(ids(await ma2.get('/api/corrective-actions'))).toEqual([aboutMa2.id]);
    expect(ids(await mb.get('/api/corrective-actions'))).toEqual([aboutMb.id]);
    expect(ids(await viewer.get('/api/corrective-actions'))).toEqual([]);

    // Filters, on top of what the caller may see.
    expect(ids(await t.org.admin.get(`/api/corrective-actions?personId=${t.ma.id}`))).toEqual([aboutMa.id]);
    expect(ids(await ma.get(`/api/corrective-actions?ownerId=${t.ma.id}`))).toEqual([aboutMb.id]);
    expect(ids(await lb.get(`/api/corrective-actions?personId=${t.ma.id}`))).toEqual([]);

    // Out of scope is not found, for reads and writes alike.
    for (const [agent, id] of [
      [lb, aboutMa.id],
      [ma2, aboutMa.id],
      [mb, aboutMa.id],
      [viewer, aboutMa.id],
      [la, aboutMb.id],
    ] as const) {
      expect((await agent.get(`/api/corrective-actions/${id}`)).statusCode).toBe(404);
      expect(
        (await agent.patch(`/api/corrective-actions/${id}`, { version: 1, status: 'done' })).statusCode,
      ).toBe(404);
      expect((await agent.post(`/api/corrective-actions/${id}/review`, { version: 1 })).statusCode).toBe(404);
    }

    // The person it is about may mark it done, not rewrite it; so may its owner.
    const own = (await ma.get(`/api/corrective-actions/${aboutMa.id}`)).json();
    expect(own.can).toEqual({ read: true, update: false, set_status: true, review: false });
    const retitle = await ma.patch(`/api/corrective-actions/${aboutMa.id}`, {
      version: 1,
      title: 'Nothing to do',
    });
    expect(retitle.statusCode).toBe(403);
    expect(retitle.json().error.message).toMatch(/leaders, directors and admins/);
    expect((await ma.post(`/api/corrective-actions/${aboutMa.id}/review`, { version: 1 })).statusCode).toBe(
      403,
    );
    // A form that sends unchanged fields along with the status is still only a status change.
    const done = await ma.patch(`/api/corrective-actions/${aboutMa.id}`, {
      version: 1,
      title: 'About Mia',
      status: 'done',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', version: 2, title: 'About Mia' });
    const owned = await ma.patch(`/api/corrective-actions/${aboutMb.id}`, {
      version: 1,
      status: 'in_progress',
    });
    expect(owned.json()).toMatchObject({ status: 'in_progress' });
    expect(
      (await ma.patch(`/api/corrective-actions/${aboutMb.id}`, { version: 2, dueDate: '2027-01-01' }))
        .statusCode,
    ).toBe(403);

    // The leader changes what, who and when.
    const moved = await la.patch(`/api/corrective-actions/${aboutMa.id}`, {
      version: 2,
      title: 'Demo practice',
      kind: 'training',
      ownerId: t.ma2.id,
      dueDate: '2026-04-01',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      title: 'Demo practice',
      kind: 'training',
      ownerName: 'Mila Member',
      version: 3,
    });
    expect(ids(await ma2.get('/api/corrective-actions'))).toEqual([aboutMa2.id, aboutMa.id]);
    expect(ids(await t.org.admin.get('/api/corrective-actions?status=done'))).toEqual([aboutMa.id]);

    // Only the person's leaders, directors and admins raise actions.
    for (const [agent, personId] of [
      [ma, t.ma.id],
      [ma, t.ma2.id],
      [la, t.mb.id],
      [viewer, t.ma.id],
    ] as const) {
      const res = await agent.post('/api/corrective-actions', {
        personId,
        kind: 'other',
        title: 'Not mine to raise',
        metricId: 'calls',
        dueDate: '2026-01-01',
      });
      expect(res.statusCode).toBe(403);
    }
    expect(
      (
        await director.post('/api/corrective-actions', {
          personId: t.mb.id,
          kind: 'other',
          title: 'Director',
          metricId: 'calls',
          dueDate: '2026-01-01',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('pages soonest due first without repeats or gaps', async () => {
    const t = await createOrgWithTree(server);
    const dues = ['2026-01-05', '2026-01-01', '2026-01-03', '2026-01-03', '2026-01-02'];
    for (const [i, dueDate] of dues.entries()) {
      await t.org.admin.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'other',
        title: `Action ${i}`,
        metricId: 'calls',
        dueDate,
        baselinePeriod: '2025-10',
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await t.org.admin.get(`/api/corrective-actions?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json() as { items: { dueDate: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.dueDate));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...dues].sort());
    const bad = await t.org.admin.get('/api/corrective-actions?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('query.cursor');
  });

  it('refuses a stale version instead of overwriting', async () => {
    const t = await createOrgWithTree(server);
    const leader = await t.la.login();
    const action = (
      await leader.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'coaching',
        title: 'First',
        metricId: 'meetings',
        dueDate: '2026-02-01',
        baselinePeriod: '2025-10',
      })
    ).json();
    expect(
      (await leader.patch(`/api/corrective-actions/${action.id}`, { version: 1, title: 'Second' }))
        .statusCode,
    ).toBe(200);
    const stale = await leader.patch(`/api/corrective-actions/${action.id}`, { version: 1, title: 'Third' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT' });
    const staleReview = await leader.post(`/api/corrective-actions/${action.id}/review`, { version: 1 });
    expect(staleReview.statusCode).toBe(409);
    const now = (await leader.get(`/api/corrective-actions/${action.id}`)).json();
    expect(now).toMatchObject({ title: 'Second', version: 2, reviewedAt: null });
  });

  it('names the field of bad input', async () => {
    const t = await createOrgWithTree(server);
    const leader = await t.la.login();
    const paths = (res: { json(): { error: { fields: { path: string }[] } } }) =>
      res
        .json()
        .error.fields.map((f) => f.path)
        .sort();
    const bad = await leader.post('/api/corrective-actions', {
      personId: 'nope',
      kind: 'pep talk',
      title: ' ',
      metricId: 'happiness',
      dueDate: '2026-02-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['body.dueDate', 'body.kind', 'body.metricId', 'body.personId', 'body.title']);

    const valid = {
      personId: t.ma.id,
      kind: 'coaching',
      title: 'Fine',
      metricId: 'calls',
      dueDate: '2026-02-01',
    };
    const period = await leader.post('/api/corrective-actions', { ...valid, baselinePeriod: 'last month' });
    expect(period.statusCode).toBe(400);
    expect(period.json().error.fields).toEqual([
      { path: 'body.baselinePeriod', message: expect.stringMatching(/^Not a period: "last month"/) },
    ]);
    const nobody = await leader.post('/api/corrective-actions', {
      ...valid,
      personId: '00000000-0000-4000-8000-000000000000',
    });
    expect(nobody.json().error.fields).toEqual([
      { path: 'body.personId', message: 'no such person in this organisation' },
    ]);
    const viewerOwner = await leader.post('/api/corrective-actions', { ...valid, ownerId: t.viewer.id });
    expect(viewerOwner.json().error.fields).toEqual([
      { path: 'body.ownerId', message: 'Vic Viewer is a viewer and cannot carry out actions' },
    ]);

    const action = (await leader.post('/api/corrective-actions', valid)).json();
    const review = await leader.post(`/api/corrective-actions/${action.id}/review`, {
      version: 1,
      reviewPeriod: '2025-12-01..2025-11-01',
    });
    expect(review.statusCode).toBe(400);
    expect(review.json().error.fields[0].path).toBe('body.reviewPeriod');
    const patch = await leader.patch(`/api/corrective-actions/${action.id}`, {
      version: 1,
      status: 'finished',
    });
    expect(paths(patch)).toEqual(['body.status']);
    // Nothing was written by the refused requests.
    expect((await leader.get(`/api/corrective-actions/${action.id}`)).json().version).toBe(1);
    expect((await leader.get('/api/corrective-actions')).json().items).toHaveLength(1);
  });

  it('another organisation’s action does not exist', async () => {
    const t = await createOrgWithTree(server);
    const action = (
      await t.org.admin.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'coaching',
        title: 'Ours',
        metricId: 'calls',
        dueDate: '2026-02-01',
      })
    ).json();
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get(`/api/corrective-actions/${action.id}`)).statusCode).toBe(404);
    expect(
      (await other.admin.patch(`/api/corrective-actions/${action.id}`, { version: 1, title: 'Theirs' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await other.admin.post(`/api/corrective-actions/${action.id}/review`, { version: 1 })).statusCode,
    ).toBe(404);
    expect((await other.admin.get('/api/corrective-actions')).json().items).toEqual([]);
    expect((await other.admin.get(`/api/corrective-actions?personId=${t.ma.id}`)).json().items).toEqual([]);
    const aboutOurs = await other.admin.post('/api/corrective-actions', {
      personId: t.ma.id,
      kind: 'coaching',
      title: 'About someone elsewhere',
      metricId: 'calls',
      dueDate: '2026-02-01',
    });
    expect(aboutOurs.json().error.fields).toEqual([
      { path: 'body.personId', message: 'no such person in this organisation' },
    ]);
    expect((await t.org.admin.get(`/api/corrective-actions/${action.id}`)).json().title).toBe('Ours');
  });
});

describe('observations', () => {
  it('leaders write them, the person reads them, the author may take one back within a day', async () => {
    const t = await createOrgWithTree(server);
    const [la, lb, ma, ma2, viewer, director] = await Promise.all([
      t.la.login(),
      t.lb.login(),
      t.ma.login(),
      t.ma2.login(),
      t.viewer.login(),
      t.director.login(),
    ]);
    const url = `/api/people/${t.ma.id}/observations`;
    const first = await la.post(url, {
      body: 'Handled the pricing objection calmly',
      observedOn: '2025-11-03',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      personId: t.ma.id,
      authorId: t.la.id,
      authorName: 'Lea Leader',
      observedOn: '2025-11-03',
      can: { delete: true },
    });
    const second = (await la.post(url, { body: 'Strong discovery questions on the Acme call' })).json();
    expect(second.observedOn).toBe(today());
    const third = (await director.post(url, { body: 'Good demo', observedOn: '2025-11-03' })).json();

    // Newest first: by the day observed, then by when written.
    const mine = await ma.get(url);
    expect(mine.statusCode).toBe(200);
    expect(ids(mine)).toEqual([second.id, third.id, first.json().id]);
    expect(mine.json().items[0].can).toEqual({ delete: false });
    const page1 = (await ma.get(`${url}?limit=2`)).json();
    const page2 = (await ma.get(`${url}?limit=2&cursor=${page1.nextCursor}`)).json();
    expect([...page1.items, ...page2.items].map((o: { id: string }) => o.id)).toEqual([
      second.id,
      third.id,
      first.json().id,
    ]);
    expect(page2.nextCursor).toBeNull();

    // Nobody else reads or writes them.
    for (const agent of [ma2, lb, viewer]) {
      expect((await agent.get(url)).statusCode).toBe(403);
      expect((await agent.post(url, { body: 'Not mine to say' })).statusCode).toBe(403);
    }
    const self = await ma.post(url, { body: 'I was great' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toBe(
      'Only Mia Member’s leaders, directors and admins write observations about them',
    );

    // Bad input names the field.
    const empty = await la.post(url, { body: '   ' });
    expect(empty.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.body']);
    const long = await la.post(url, { body: 'x'.repeat(4001) });
    expect(long.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.body']);
    const future = await la.post(url, { body: 'Tomorrow', observedOn: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields[0]).toMatchObject({ path: 'body.observedOn' });

    // Deleting: the author only, within 24 hours; those who cannot read it get 404.
    const notAuthor = await director.delete(`/api/observations/${second.id}`);
    expect(notAuthor.statusCode).toBe(403);
    expect(notAuthor.json().error.message).toBe('Only the author of an observation can delete it');
    expect((await lb.delete(`/api/observations/${second.id}`)).statusCode).toBe(404);
    expect((await ma.delete(`/api/observations/${second.id}`)).statusCode).toBe(403);
    expect((await la.delete(`/api/observations/${second.id}`)).statusCode).toBe(200);
    expect((await la.delete(`/api/observations/${second.id}`)).statusCode).toBe(404);
    await server.database.db.execute(
      sql`update observations set created_at = now() - interval '25 hours' where org_id = ${t.org.orgId} and id = ${first.json().id}`,
    );
    expect(
      (await la.get(url)).json().items.find((o: { id: string }) => o.id === first.json().id).can,
    ).toEqual({
      delete: false,
    });
    const late = await la.delete(`/api/observations/${first.json().id}`);
    expect(late.statusCode).toBe(403);
    expect(late.json().error.message).toMatch(/only within 24 hours of writing it/);
    expect(ids(await ma.get(url))).toEqual([third.id, first.json().id]);

    const audit = (await t.org.admin.get(`/api/audit?entityType=observation&entityId=${second.id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'observation.delete',
      'observation.create',
    ]);

    // Another organisation: the person and the observation do not exist.
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get(url)).statusCode).toBe(404);
    expect((await other.admin.post(url, { body: 'Hello' })).statusCode).toBe(404);
    expect((await other.admin.delete(`/api/observations/${third.id}`)).statusCode).toBe(404);
  });
});

/** The tenant-scope rule of test/tenant-scope.test.ts, applied to this module's statements. */
const TABLES = ['corrective_actions', 'observations', 'users', 'team_memberships', 'audit_log'];
function unscoped(query: string): boolean {
  const q = query.toLowerCase();
  if (q.startsWith('insert')) return !q.includes('"org_id"');
  const whereParts = q.split(/\bwhere\b/).slice(1);
  if (whereParts.length === 0) return true;
  return whereParts.some(
    (part) => !part.split(/\b(order by|limit|union|returning)\b/)[0]!.includes('org_id'),
  );
}

describe('tenant scoping of corrective actions and observations', () => {
  it('every statement on them is scoped by organisation', async () => {
    const t = await createOrgWithTree(server);
    server.queries.length = 0;
    const [la, ma] = await Promise.all([t.la.login(), t.ma.login()]);
    const action = (
      await la.post('/api/corrective-actions', {
        personId: t.ma.id,
        kind: 'coaching',
        title: 'Scoped',
        metricId: 'revenue_won',
        dueDate: '2026-02-01',
      })
    ).json();
    await la.get(`/api/corrective-actions?personId=${t.ma.id}&status=open&limit=1`);
    await ma.get(`/api/corrective-actions?ownerId=${t.la.id}`);
    await ma.get(`/api/corrective-actions/${action.id}`);
    await ma.patch(`/api/corrective-actions/${action.id}`, { version: 1, status: 'done' });
    await la.patch(`/api/corrective-actions/${action.id}`, { version: 2, ownerId: t.ma2.id });
    await la.post(`/api/corrective-actions/${action.id}/review`, { version: 3 });
    const obs = (await la.post(`/api/people/${t.ma.id}/observations`, { body: 'Scoped' })).json();
    await ma.get(`/api/people/${t.ma.id}/observations?limit=1`);
    await la.delete(`/api/observations/${obs.id}`);

    const mine = server.queries.filter((q) => /"?(corrective_actions|observations)"?/.test(q));
    expect(mine.length).toBeGreaterThan(8);
    const touching = server.queries.filter((q) => TABLES.some((name) => q.includes(`"${name}"`)));
    const offenders = [...new Set(touching.filter(unscoped))].filter(
      (q) => !/"users"\."email" = \$1|"sessions"\."token_hash" = \$1/.test(q.toLowerCase()),
    );
    expect(offenders).toEqual([]);
  });
});
