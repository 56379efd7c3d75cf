import { and, eq, ilike, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOrg } from '../../test/factories.ts';
import { useTestServer } from '../../test/harness.ts';
import { accounts } from '../db/schema/index.ts';
import { searchPage } from './search.ts';
import { escapeLike } from './sql.ts';

const server = useTestServer();

describe('searchPage', () => {
  it('gives the exact first matches in order however short the walk (property)', async () => {
    const org = await createOrg(server);
    const words = ['Acme', 'Globex', 'Initech', 'Hooli', 'Umbrella'];
    const names = Array.from(
      { length: 60 },
      (_, i) => `${words[(i * 7) % 5]} ${String.fromCharCode(97 + (i % 26))}${i}`,
    );
    for (const name of names) await org.admin.post('/api/accounts', { name });
    const key = sql`lower(${accounts.name})`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('acme', 'glob', 'a1', 'o', 'zz', 'hooli b'),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        async (word, walk, limit, descending) => {
          const ids = await searchPage(server.database.db, {
            table: accounts,
            orgId: org.orgId,
            where: eq(accounts.orgId, org.orgId),
            match: ilike(accounts.name, escapeLike(word)),
            key,
            descending,
            limit,
            walk,
          });
          const expected = names
            .filter((n) => n.toLowerCase().includes(word))
            .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1) * (descending ? -1 : 1))
            .slice(0, limit);
          const rows = ids.length
            ? await server.database.db
                .select({ id: accounts.id, name: accounts.name })
                .from(accounts)
                .where(
                  and(
                    eq(accounts.orgId, org.orgId),
                    sql`${accounts.id} = any(${`{${ids.join(',')}}`}::uuid[])`,
                  ),
                )
            : [];
          const byId = new Map(rows.map((r) => [r.id, r.name]));
          expect(ids.map((id) => byId.get(id))).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
