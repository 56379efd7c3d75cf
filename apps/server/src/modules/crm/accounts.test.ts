import { describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

describe('accounts', () => {
  it('creates, finds, filters and updates accounts, keeping external ids unique', async () => {
    const org = await createOrg(server);
    const parent = await org.admin.post('/api/accounts', {
      name: 'Umbrella Group',
      country: 'United Kingdom',
      externalId: 'SF-1',
    });
    expect(parent.statusCode).toBe(201);
    const child = await org.admin.post('/api/accounts', {
      name: 'Umbrella Pharma',
      parentId: parent.json().id,
      sector: 'medical',
      employees: 1200,
      customerStatus: 'customer',
      customerSince: '2024-05-01',
    });
    expect(child.json()).toMatchObject({
      parentName: 'Umbrella Group',
      ownerName: 'Ada Admin',
      openDeals: 0,
    });
    const dup = await org.admin.post('/api/accounts', { name: 'Copy', externalId: 'SF-1' });
    expect(dup.json().error.fields).toEqual([
      { path: 'body.externalId', message: 'another account has this external id' },
    ]);

    const customers = (await org.admin.get('/api/accounts?customerStatus=customer')).json();
    expect(customers.items.map((a: { name: string }) => a.name)).toEqual(['Umbrella Pharma']);
    const search = (await org.admin.get('/api/accounts?search=umbrella&sort=-name')).json();
    expect(search.items.map((a: { name: string }) => a.name)).toEqual(['Umbrella Pharma', 'Umbrella Group']);

    // A loop in the parent chain is refused.
    const loop = await org.admin.patch(`/api/accounts/${parent.json().id}`, {
      version: parent.json().version,
      parentId: child.json().id,
    });
    expect(loop.json().error.fields[0].path).toBe('body.parentId');
    const dates = await org.admin.patch(`/api/accounts/${child.json().id}`, {
      version: child.json().version,
      customerUntil: '2024-01-01',
    });
    expect(dates.json().error.fields).toEqual([
      { path: 'body.customerUntil', message: 'must be on or after customerSince (2024-05-01)' },
    ]);
  });

  it('pages by creation time without repeats or gaps (microsecond timestamps)', async () => {
    const org = await createOrg(server);
    for (let i = 0; i < 7; i++) await org.admin.post('/api/accounts', { name: `Account ${i}` });
    for (const sort of ['createdAt', '-createdAt']) {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { name: string }[]; nextCursor: string | null } = (
          await org.admin.get(`/api/accounts?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        names.push(...page.items.map((a) => a.name));
        cursor = page.nextCursor;
      } while (cursor);
      const expected = Array.from({ length: 7 }, (_, i) => `Account ${i}`);
      expect(names).toEqual(sort === 'createdAt' ? expected : expected.reverse());
    }
  });

  it('a search pages through every match in order, in both directions, without repeats or gaps', async () => {
    const org = await createOrg(server);
    const names = [
      'Acme North',
      'Globex',
      'acme south',
      'Initech',
      'ACME West',
      'Hooli',
      'Acme East',
      'Umbrella',
      'Acmeco',
    ];
    for (const name of names) await org.admin.post('/api/accounts', { name });
    const pages = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (
          await org.admin.get(`/api/accounts?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json() as { items: { name: string }[]; nextCursor: string | null };
        seen.push(...page.items.map((a) => a.name));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const acme = ['Acme East', 'Acme North', 'acme south', 'ACME West', 'Acmeco'];
    expect(await pages('search=acme')).toEqual(acme);
    expect(await pages('search=acme&sort=-name')).toEqual([...acme].reverse());
    expect(await pages('search=ACME%20W')).toEqual(['ACME West']);
    expect(await pages('search=zzz')).toEqual([]);
  });

  it('unowned accounts are shared; owned ones follow the owner’s team', async () => {
    const t = await createOrgWithTree(server);
    const [ma, mb] = await Promise.all([t.ma.login(), t.mb.login()]);
    const shared = (await t.org.admin.post('/api/accounts', { name: 'Shared Ltd', ownerId: null })).json();
    const mine = (await ma.post('/api/accounts', { name: 'Mia’s account' })).json();
    expect((await mb.get(`/api/accounts/${shared.id}`)).statusCode).toBe(200);
    expect((await mb.get(`/api/accounts/${mine.id}`)).statusCode).toBe(404);
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get(`/api/accounts/${shared.id}`)).statusCode).toBe(404);
  });
});
