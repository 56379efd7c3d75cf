/** Saved column mappings: a field deliberately left out stays out when the mapping is applied again. */
import { describe, expect, it } from 'vitest';
import { createOrg, createPerson } from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

function upload(agent: Agent, kind: string, csv: string, query: Record<string, string> = {}) {
  return agent.request({
    method: 'POST',
    url: `/api/imports/${kind}?${new URLSearchParams(query)}`,
    payload: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

describe('saved import mappings', () => {
  it('keep a field left out of the import, so a re-import with it never touches that field', async () => {
    const org = await createOrg(server);
    const rita = await createPerson(org, { name: 'Rita Rep' });
    const otto = await createPerson(org, { name: 'Otto Other' });
    // "Owner" is matched to the owner field by its header.
    const first = `Account Name,Id,Employees,Owner\nAcme,A-1,120,${rita.email}\n`;
    expect((await upload(org.admin, 'accounts', first, { dryRun: 'false' })).json()).toMatchObject({
      committed: true,
      created: 1,
      mapping: { columns: { owner: 'Owner' } },
    });

    const saved = await org.admin.post('/api/imports/mappings', {
      name: 'Monthly ERP file, owners kept',
      kind: 'accounts',
      mapping: { columns: { employees: 'Employees', owner: '' }, delimiter: ';' },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const [listed] = (await org.admin.get('/api/imports/mappings?kind=accounts')).json();
    expect(listed.mapping).toEqual({ columns: { employees: 'Employees', owner: '' }, delimiter: ';' });

    // The next file has another owner in its Owner column: applied, the mapping leaves it unread.
    const next = `Account Name;Id;Employees;Owner\nAcme;A-1;150;${otto.email}\n`;
    const apply = {
      mapping: JSON.stringify(listed.mapping.columns),
      delimiter: listed.mapping.delimiter,
    };
    const dry = await upload(org.admin, 'accounts', next, apply);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, errorCount: 0, updated: 1 });
    expect(dry.json().mapping.columns).toMatchObject({ name: 'Account Name', employees: 'Employees' });
    expect(dry.json().mapping.columns).not.toHaveProperty('owner');
    // Without the saved mapping the same file would change the owner.
    expect(
      (await upload(org.admin, 'accounts', next, { delimiter: ';' })).json().mapping.columns,
    ).toMatchObject({ owner: 'Owner' });

    expect((await upload(org.admin, 'accounts', next, { ...apply, dryRun: 'false' })).json()).toMatchObject({
      committed: true,
      updated: 1,
    });
    const [acme] = (await org.admin.get('/api/accounts')).json().items;
    expect(acme).toMatchObject({ name: 'Acme', employees: 150, ownerId: rita.id });
  });

  it('refuse a column key that is not a field of the kind, and a required field left out, naming each', async () => {
    const org = await createOrg(server);
    const res = await org.admin.post('/api/imports/mappings', {
      name: 'Wrong',
      kind: 'accounts',
      mapping: { columns: { stage: 'Phase', name: '', owner: '' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { path: 'body.mapping.columns.stage', message: '“stage” is not a field of accounts' },
      {
        path: 'body.mapping.columns.name',
        message: 'Name is required: it cannot be left out of the import',
      },
    ]);
    const badDelimiter = await org.admin.post('/api/imports/mappings', {
      name: 'Wrong',
      kind: 'accounts',
      mapping: { columns: {}, delimiter: ':' },
    });
    expect(badDelimiter.statusCode).toBe(400);
    expect(badDelimiter.json().error.fields[0].path).toBe('body.mapping.delimiter');
    expect((await org.admin.get('/api/imports/mappings')).json()).toEqual([]);
  });
});
