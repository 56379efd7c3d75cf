/**
 * Who may do what with CRM records, as a table: every actor × action on a deal, an account, a
 * contact and an activity owned by Ma, checked through the HTTP API. Expected answers follow
 * crm.policy.ts (writes) and crm.scope.ts (reads): a record is visible to its owner, the owner's
 * current teammates, the leaders of the owner's team tree, and to admins, directors and viewers
 * organisation-wide; another organisation's records do not exist (404). Writes then need the
 * policy: update for the owner, their leaders, directors and admins; reassign for all of those
 * but the owner. Refused requests are checked to have changed nothing.
 *
 * The organisation, built once:  office (director) ─┬─ Team A (leader La): Ma, Ma2
 *                                                    └─ Team B (leader Lb): Mb
 * plus the admin, a viewer, and the admin of another organisation ("outsider").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree } from './factories.ts';
import { type Agent, useTestServer } from './harness.ts';

const server = useTestServer();

const ACTORS = ['admin', 'director', 'La', 'Lb', 'Ma', 'Ma2', 'Mb', 'viewer', 'outsider'] as const;
type Who = (typeof ACTORS)[number];
type Kind = 'deal' | 'account' | 'contact' | 'activity';
const KINDS: Kind[] = ['deal', 'account', 'contact', 'activity'];
type Action = 'read' | 'list' | 'update' | 'reassign' | 'move' | 'objection' | 'delete';

/** An HTTP status, whether the record is listed (Y/N), or `_` where the action does not apply. */
type Cell = number | boolean | null;
const Y = true;
const N = false;
const _ = null;

/**
 * The policy, on a record owned by Ma. One row per (actor, action); a column per kind of record
 * (deal, account, contact, activity); `_` where the action does not apply to that kind.
 *   read       GET /api/<kind>s/:id                        200, or 404 when out of scope
 *   list       is it in GET /api/<kind>s?                  Y / N
 *   update     PATCH name (or subject) with the version    200 / 403 / 404
 *   reassign   PATCH ownerId: Ma2 with the version         200 / 403 / 404
 *   move       POST /api/deals/:id/move (next stage)       200 / 403 / 404
 *   objection  POST /api/deals/:id/objections              201 / 403 / 404
 *   delete     DELETE /api/activities/:id                  200 / 403 / 404
 */
// biome-ignore format: a table reads best aligned
const MATRIX: [Who, Action, Cell, Cell, Cell, Cell][] = [
  // actor     action      deal acct cont actv (deal, account, contact, activity)
  ['admin',    'read',      200, 200, 200, 200],
  ['admin',    'list',        Y,   Y,   Y,   Y],
  ['admin',    'update',    200, 200, 200, 200],
  ['admin',    'reassign',  200, 200, 200, 200],
  ['admin',    'move',      200,   _,   _,   _],
  ['admin',    'objection', 201,   _,   _,   _],
  ['admin',    'delete',      _,   _,   _, 200],

  ['director', 'read',      200, 200, 200, 200],
  ['director', 'list',        Y,   Y,   Y,   Y],
  ['director', 'update',    200, 200, 200, 200],
  ['director', 'reassign',  200, 200, 200, 200],
  ['director', 'move',      200,   _,   _,   _],
  ['director', 'objection', 201,   _,   _,   _],
  ['director', 'delete',      _,   _,   _, 200],

  // La leads Ma's team: sees, edits and reassigns.
  ['La',       'read',      200, 200, 200, 200],
  ['La',       'list',        Y,   Y,   Y,   Y],
  ['La',       'update',    200, 200, 200, 200],
  ['La',       'reassign',  200, 200, 200, 200],
  ['La',       'move',      200,   _,   _,   _],
  ['La',       'objection', 201,   _,   _,   _],
  ['La',       'delete',      _,   _,   _, 200],

  // Lb leads the other team: Ma's records are out of scope, so they do not exist for Lb.
  ['Lb',       'read',      404, 404, 404, 404],
  ['Lb',       'list',        N,   N,   N,   N],
  ['Lb',       'update',    404, 404, 404, 404],
  ['Lb',       'reassign',  404, 404, 404, 404],
  ['Lb',       'move',      404,   _,   _,   _],
  ['Lb',       'objection', 404,   _,   _,   _],
  ['Lb',       'delete',      _,   _,   _, 404],

  // Ma owns them: works on them, but may not give them away.
  ['Ma',       'read',      200, 200, 200, 200],
  ['Ma',       'list',        Y,   Y,   Y,   Y],
  ['Ma',       'update',    200, 200, 200, 200],
  ['Ma',       'reassign',  403, 403, 403, 403],
  ['Ma',       'move',      200,   _,   _,   _],
  ['Ma',       'objection', 201,   _,   _,   _],
  ['Ma',       'delete',      _,   _,   _, 200],

  // Ma2, Ma's teammate: sees them, changes nothing.
  ['Ma2',      'read',      200, 200, 200, 200],
  ['Ma2',      'list',        Y,   Y,   Y,   Y],
  ['Ma2',      'update',    403, 403, 403, 403],
  ['Ma2',      'reassign',  403, 403, 403, 403],
  ['Ma2',      'move',      403,   _,   _,   _],
  ['Ma2',      'objection', 403,   _,   _,   _],
  ['Ma2',      'delete',      _,   _,   _, 403],

  // Mb, in the other team: out of scope.
  ['Mb',       'read',      404, 404, 404, 404],
  ['Mb',       'list',        N,   N,   N,   N],
  ['Mb',       'update',    404, 404, 404, 404],
  ['Mb',       'reassign',  404, 404, 404, 404],
  ['Mb',       'move',      404,   _,   _,   _],
  ['Mb',       'objection', 404,   _,   _,   _],
  ['Mb',       'delete',      _,   _,   _, 404],

  // The viewer sees the whole organisation and writes nothing.
  ['viewer',   'read',      200, 200, 200, 200],
  ['viewer',   'list',        Y,   Y,   Y,   Y],
  ['viewer',   'update',    403, 403, 403, 403],
  ['viewer',   'reassign',  403, 403, 403, 403],
  ['viewer',   'move',      403,   _,   _,   _],
  ['viewer',   'objection', 403,   _,   _,   _],
  ['viewer',   'delete',      _,   _,   _, 403],

  // Another organisation's admin: nothing of ours exists.
  ['outsider', 'read',      404, 404, 404, 404],
  ['outsider', 'list',        N,   N,   N,   N],
  ['outsider', 'update',    404, 404, 404, 404],
  ['outsider', 'reassign',  404, 404, 404, 404],
  ['outsider', 'move',      404,   _,   _,   _],
  ['outsider', 'objection', 404,   _,   _,   _],
  ['outsider', 'delete',      _,   _,   _, 404],
];

/**
 * Creating a record for someone else (body.ownerId): admins and directors for anyone, a leader for
 * the people in their team tree, anyone for themselves (but viewers own nothing). One row per
 * (actor, owner); the same for every kind. The outsider names a person who is not in their
 * organisation, which is a validation error (400, "no such person"), not a 404.
 */
const CREATE_FOR: [Who, 'Ma' | 'Mb', number][] = [
  ['admin', 'Ma', 201],
  ['director', 'Ma', 201],
  ['director', 'Mb', 201],
  ['La', 'Ma', 201],
  ['La', 'Mb', 403],
  ['Lb', 'Ma', 403],
  ['Lb', 'Mb', 201],
  ['Ma', 'Ma', 201],
  ['Ma2', 'Ma', 403],
  ['Mb', 'Ma', 403],
  ['viewer', 'Ma', 403],
  ['outsider', 'Ma', 400],
];

const expectation = (who: Who, action: Action, kind: Kind): Cell => {
  const [, , ...cells] = MATRIX.find(([w, a]) => w === who && a === action)!;
  return cells[KINDS.indexOf(kind)] ?? null;
};

// A unique name and occurrence time for each record, so a list can be narrowed to exactly it.
let seq = 0;
const fresh = () => {
  seq += 1;
  return {
    name: `Matrix ${seq} ${Math.random().toString(36).slice(2, 8)}`,
    at: new Date(Date.UTC(2020, 0, 1) + seq * 60_000),
  };
};
type Tag = ReturnType<typeof fresh>;

interface KindApi {
  path: string;
  /** The body that creates a record named by `tag` and owned by `ownerId`. */
  create(tag: Tag, ownerId: string): Record<string, unknown>;
  /** The harmless field an update changes. */
  field: 'name' | 'lastName' | 'subject';
  /** A list request narrowed to the record named by `tag` (visibility is applied on top). */
  list(tag: Tag): string;
}

const API: Record<Kind, KindApi> = {
  deal: {
    path: '/api/deals',
    create: (t, ownerId) => ({ name: t.name, ownerId }),
    field: 'name',
    list: (t) => `/api/deals?search=${encodeURIComponent(t.name)}`,
  },
  account: {
    path: '/api/accounts',
    create: (t, ownerId) => ({ name: t.name, ownerId }),
    field: 'name',
    list: (t) => `/api/accounts?search=${encodeURIComponent(t.name)}`,
  },
  contact: {
    path: '/api/contacts',
    create: (t, ownerId) => ({ firstName: 'Cara', lastName: t.name, ownerId }),
    field: 'lastName',
    list: (t) => `/api/contacts?search=${encodeURIComponent(t.name)}`,
  },
  activity: {
    path: '/api/activities',
    create: (t, ownerId) => ({ type: 'note', subject: t.name, occurredAt: t.at.toISOString(), ownerId }),
    field: 'subject',
    list: (t) =>
      `/api/activities?from=${t.at.toISOString()}&to=${new Date(t.at.getTime() + 1000).toISOString()}`,
  },
};

describe('CRM policy matrix', () => {
  const agents = {} as Record<Who, Agent>;
  const ids = {} as Record<Who, string>;
  let admin: Agent;
  let nextStageId: string;
  /** One record of each kind owned by Ma, only ever read. */
  const shared = {} as Record<Kind, { id: string; tag: Tag }>;

  /** A new record owned by Ma, made by the admin, as the admin sees it. */
  async function recordOfMa(kind: Kind) {
    const tag = fresh();
    const res = await admin.post(API[kind].path, API[kind].create(tag, ids.Ma));
    expect(res.statusCode, res.body).toBe(201);
    return { tag, record: res.json() };
  }

  beforeAll(async () => {
    const t = await createOrgWithTree(server);
    const elsewhere = await createOrg(server, 'Other Org');
    admin = t.org.admin;
    const people = {
      director: t.director,
      La: t.la,
      Lb: t.lb,
      Ma: t.ma,
      Ma2: t.ma2,
      Mb: t.mb,
      viewer: t.viewer,
    };
    agents.admin = admin;
    agents.outsider = elsewhere.admin;
    ids.admin = t.org.adminId;
    ids.outsider = elsewhere.adminId;
    await Promise.all(
      Object.entries(people).map(async ([who, person]) => {
        agents[who as Who] = await person.login();
        ids[who as Who] = person.id;
      }),
    );
    const [pipeline] = (await admin.get('/api/pipelines')).json();
    nextStageId = pipeline.stages.find((s: { name: string }) => s.name === 'Qualification').id;
    for (const kind of KINDS) {
      const { tag, record } = await recordOfMa(kind);
      shared[kind] = { id: record.id, tag };
    }
  });

  for (const [who, action, ...cells] of MATRIX) {
    for (const [k, kind] of KINDS.entries()) {
      const expected = cells[k] ?? null;
      if (expected === null) continue;
      const label = typeof expected === 'boolean' ? (expected ? 'listed' : 'not listed') : expected;
      it(`${kind}: ${who} ${action} → ${label}`, async () => {
        const agent = agents[who];
        const api = API[kind];

        if (action === 'read') {
          const res = await agent.get(`${api.path}/${shared[kind].id}`);
          expect(res.statusCode).toBe(expected);
          if (res.statusCode === 200) {
            // The abilities sent to the UI agree with what the API would do.
            const { can } = res.json();
            expect(can.update).toBe(expectation(who, 'update', kind) === 200);
            expect(can.reassign).toBe(expectation(who, 'reassign', kind) === 200);
            if (kind === 'activity') expect(can.delete).toBe(expectation(who, 'delete', kind) === 200);
          }
          return;
        }

        if (action === 'list') {
          const res = await agent.get(api.list(shared[kind].tag));
          expect(res.statusCode).toBe(200);
          const listed = res.json().items.map((r: { id: string }) => r.id);
          expect(listed.includes(shared[kind].id)).toBe(expected);
          return;
        }

        // Writes: each case gets its own record, sends the current version, and then checks through
        // the admin that the record changed exactly when the request was allowed.
        const { tag, record } = await recordOfMa(kind);
        const url = `${api.path}/${record.id}`;
        const after = async () => admin.get(url);
        if (action === 'update') {
          const res = await agent.patch(url, { version: record.version, [api.field]: `${tag.name} edited` });
          expect(res.statusCode).toBe(expected);
          const now = (await after()).json();
          expect(now[api.field]).toBe(expected === 200 ? `${tag.name} edited` : tag.name);
          expect(now.version).toBe(expected === 200 ? record.version + 1 : record.version);
        } else if (action === 'reassign') {
          const res = await agent.patch(url, { version: record.version, ownerId: ids.Ma2 });
          expect(res.statusCode).toBe(expected);
          expect((await after()).json().ownerId).toBe(expected === 200 ? ids.Ma2 : ids.Ma);
        } else if (action === 'move') {
          const res = await agent.post(`${url}/move`, { version: record.version, stageId: nextStageId });
          expect(res.statusCode).toBe(expected);
          const now = (await after()).json();
          expect(now.stageId === nextStageId).toBe(expected === 200);
          const history = (await admin.get(`${url}/history`)).json();
          expect(history).toHaveLength(expected === 200 ? 2 : 1);
        } else if (action === 'objection') {
          const res = await agent.post(`${url}/objections`, { type: 'price', outcome: 'resolved' });
          expect(res.statusCode).toBe(expected);
          const objections = (await admin.get(`${url}/objections`)).json();
          expect(objections).toHaveLength(expected === 201 ? 1 : 0);
        } else if (action === 'delete') {
          const res = await agent.delete(url);
          expect(res.statusCode).toBe(expected);
          expect((await after()).statusCode).toBe(expected === 200 ? 404 : 200);
        }
      });
    }
  }

  for (const [who, owner, expected] of CREATE_FOR) {
    for (const kind of KINDS) {
      it(`${kind}: ${who} creates one owned by ${owner} → ${expected}`, async () => {
        const tag = fresh();
        const res = await agents[who].post(API[kind].path, API[kind].create(tag, ids[owner]));
        expect(res.statusCode, res.body).toBe(expected);
        const found = (await admin.get(API[kind].list(tag))).json().items;
        if (expected === 201) {
          expect(res.json().ownerId).toBe(ids[owner]);
          expect(found.map((r: { id: string }) => r.id)).toEqual([res.json().id]);
        } else {
          expect(found).toEqual([]);
        }
      });
    }
  }
});
