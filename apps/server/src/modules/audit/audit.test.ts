import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createOrg, createPerson } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

describe('audit log', () => {
  it('records who changed what, with before and after, newest first', async () => {
    const org = await createOrg(server);
    const team = (await org.admin.post('/api/teams', { name: 'Audited', type: 'sales' })).json();
    await org.admin.patch(`/api/teams/${team.id}`, { version: team.version, name: 'Renamed' });
    const page = (await org.admin.get('/api/audit?entityType=team')).json();
    expect(page.items.map((e: { action: string }) => e.action)).toEqual(['team.update', 'team.create']);
    const [update] = page.items;
    expect(update).toMatchObject({
      actorId: org.adminId,
      actorName: 'Ada Admin',
      entityId: team.id,
      before: expect.objectContaining({ name: 'Audited' }),
      after: expect.objectContaining({ name: 'Renamed' }),
    });
    expect(update.requestId).toBeTruthy();
  });

  it('never stores a password hash', async () => {
    const org = await createOrg(server);
    await org.admin.post('/api/users', { name: 'Pat', email: 'pat@audit.test', role: 'member' });
    const body = (await org.admin.get('/api/audit?action=user.create')).body;
    expect(body).toContain('pat@audit.test');
    expect(body).not.toMatch(/argon2|passwordHash/);
  });

  it('filters by actor and pages with a cursor', async () => {
    const org = await createOrg(server);
    for (let i = 0; i < 5; i++) await org.admin.post('/api/teams', { name: `T${i}`, type: 'sales' });
    const first = (await org.admin.get(`/api/audit?actorId=${org.adminId}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await org.admin.get(`/api/audit?actorId=${org.adminId}&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
  });

  it('is for admins only and shows one organisation’s entries only', async () => {
    const org = await createOrg(server);
    const other = await createOrg(server);
    await other.admin.post('/api/teams', { name: 'Secret', type: 'sales' });
    const director = await createPerson(org, { role: 'director' });
    expect((await (await director.login()).get('/api/audit')).statusCode).toBe(403);
    expect((await org.admin.get('/api/audit')).body).not.toContain('Secret');
  });

  it('is append-only: the database itself rejects updates and deletes', async () => {
    const org = await createOrg(server);
    const db = server.database.db;
    const failure = async (query: ReturnType<typeof sql>) => {
      try {
        await db.execute(query);
        return 'no error';
      } catch (error) {
        return String((error as { cause?: Error }).cause?.message ?? error);
      }
    };
    expect(await failure(sql`update audit_log set action = 'forged' where org_id = ${org.orgId}`)).toMatch(
      /audit_log is append-only: UPDATE is not allowed/,
    );
    expect(await failure(sql`delete from audit_log where org_id = ${org.orgId}`)).toMatch(
      /DELETE is not allowed/,
    );
  });
});
