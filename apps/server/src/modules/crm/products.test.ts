import { describe, expect, it } from 'vitest';
import { createOrg, createPerson } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

describe('products', () => {
  it('admins and directors keep the catalogue; everyone reads it; names are unique', async () => {
    const org = await createOrg(server);
    const created = await org.admin.post('/api/products', {
      name: 'GTX Pro',
      series: 'GTX',
      listPrice: 4821,
    });
    expect(created.statusCode, created.body).toBe(201);
    const gtx = created.json();
    expect(gtx).toMatchObject({
      name: 'GTX Pro',
      series: 'GTX',
      listPrice: 4821,
      openDeals: 0,
      can: { manage: true },
    });
    await org.admin.post('/api/products', { name: 'MG Special', series: 'MG', listPrice: 55 });

    // The same name in other case, and bad input, are refused naming the field.
    const twice = await org.admin.post('/api/products', { name: 'gtx pro' });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.fields).toEqual([
      { path: 'body.name', message: 'another product has this name' },
    ]);
    const bad = await org.admin.post('/api/products', { name: '', listPrice: -1 });
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['body.listPrice', 'body.name']);

    // A member reads, sees no right to manage, and is refused changes.
    const member = await (await createPerson(org)).login();
    const list = (await member.get('/api/products')).json();
    expect(list.items.map((p: { name: string }) => p.name)).toEqual(['GTX Pro', 'MG Special']);
    expect(list.items[0].can).toEqual({ manage: false });
    expect((await member.post('/api/products', { name: 'Mine' })).statusCode).toBe(403);
    expect((await member.patch(`/api/products/${gtx.id}`, { version: 1, listPrice: 1 })).statusCode).toBe(
      403,
    );
    expect(
      (await member.get('/api/products?search=mg')).json().items.map((p: { name: string }) => p.name),
    ).toEqual(['MG Special']);

    // A director changes the price; a stale version gets 409; deals count against the product.
    const director = await (await createPerson(org, { role: 'director' })).login();
    const changed = await director.patch(`/api/products/${gtx.id}`, { version: 1, listPrice: 4999 });
    expect(changed.json()).toMatchObject({ listPrice: 4999, version: 2 });
    expect((await org.admin.patch(`/api/products/${gtx.id}`, { version: 1, name: 'GTX' })).statusCode).toBe(
      409,
    );
    const deal = await org.admin.post('/api/deals', { name: 'Acme GTX', productId: gtx.id, amount: 4999 });
    expect(deal.statusCode, deal.body).toBe(201);
    expect(deal.json().productId).toBe(gtx.id);
    expect((await org.admin.get(`/api/products/${gtx.id}`)).json().openDeals).toBe(1);

    // Another organisation sees none of it.
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get(`/api/products/${gtx.id}`)).statusCode).toBe(404);
    expect((await other.admin.get('/api/products')).json().items).toEqual([]);
  });

  it('pages by name without repeats or gaps', async () => {
    const org = await createOrg(server);
    const names = ['b', 'A', 'c', 'D', 'e', 'F', 'g'];
    for (const name of names) await org.admin.post('/api/products', { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await org.admin.get(`/api/products?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json() as { items: { name: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['A', 'b', 'c', 'D', 'e', 'F', 'g']);
  });
});
