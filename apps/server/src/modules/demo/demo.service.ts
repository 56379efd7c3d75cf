/** Writes a planned demo organisation in one transaction, in bulk, reporting progress per step. */
import { sql } from 'drizzle-orm';
import {
  accounts,
  activities,
  auditLog,
  contacts,
  dealStageChanges,
  deals,
  objections,
  objectives,
  organisations,
  plannedLeave,
  products,
  teamMemberships,
  teams,
  users,
} from '../../db/schema/index.ts';
import { hashPassword } from '../../platform/crypto.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { Conflict } from '../../platform/errors.ts';
import { insertPipelineWithStages, STANDARD_STAGES } from '../crm/pipelines.service.ts';
import { type DemoOptions, type DemoPlan, planDemo } from './demo.generator.ts';
import { seedDemoTargets } from './demo.targets.ts';

export type ProgressFn = (step: string, done: number, total: number) => void;

const CHUNK = 1000;

async function insertChunked<T>(
  rows: T[],
  write: (chunk: T[]) => Promise<unknown>,
  step: string,
  onProgress?: ProgressFn,
) {
  onProgress?.(step, 0, rows.length);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await write(rows.slice(i, i + CHUNK));
    onProgress?.(step, Math.min(rows.length, i + CHUNK), rows.length);
  }
}

export async function generateDemo({
  db,
  options,
  onProgress,
}: {
  db: Db;
  options: DemoOptions;
  onProgress?: ProgressFn;
}) {
  const plan = planDemo(options);
  // One hash for every demo account: argon2id is deliberately slow, and these share a password.
  const passwordHash = await hashPassword(options.password);

  const result = await db.transaction(async (tx: Tx) => {
    const taken = await tx.execute(
      sql`select 1 from ${users} where email like ${`%@${plan.emailDomain}`} limit 1`,
    );
    if ((taken as unknown as { rows: unknown[] }).rows.length > 0) {
      throw new Conflict(
        `A demo organisation with emails @${plan.emailDomain} is already loaded; give another one a different name with --name`,
      );
    }
    const [org] = await tx
      .insert(organisations)
      .values({ name: plan.organisationName, settings: { currency: 'GBP', fiscalYearStartMonth: 1 } })
      .returning();
    const orgId = org!.id;

    const userIds = new Map<string, string>();
    for (const p of plan.people) userIds.set(p.key, crypto.randomUUID());
    await insertChunked(
      plan.people,
      (chunk) =>
        tx.insert(users).values(
          chunk.map((p) => ({
            orgId,
            id: userIds.get(p.key)!,
            email: p.email,
            name: p.name,
            title: p.title,
            role: p.role,
            status: p.leftOn ? ('deactivated' as const) : ('active' as const),
            passwordHash,
            fte: p.fte,
            startDate: p.startDate,
          })),
        ),
      'People',
      onProgress,
    );

    const teamIds = new Map<string, string>();
    for (const t of plan.teams) teamIds.set(t.key, crypto.randomUUID());
    // Parents first, so the self-referencing key is always satisfied.
    const ordered = [...plan.teams].sort(
      (a, b) => Number(a.parentKey !== null) - Number(b.parentKey !== null),
    );
    await insertChunked(
      ordered,
      (chunk) =>
        tx.insert(teams).values(
          chunk.map((t) => ({
            orgId,
            id: teamIds.get(t.key)!,
            name: t.name,
            type: t.type,
            parentId: t.parentKey ? teamIds.get(t.parentKey)! : null,
            leaderId: t.leaderKey ? userIds.get(t.leaderKey)! : null,
          })),
        ),
      'Teams',
      onProgress,
    );

    await insertChunked(
      plan.memberships,
      (chunk) =>
        tx.insert(teamMemberships).values(
          chunk.map((m) => ({
            orgId,
            teamId: teamIds.get(m.teamKey)!,
            userId: userIds.get(m.personKey)!,
            validFrom: m.validFrom,
            validTo: m.validTo,
          })),
        ),
      'Team history',
      onProgress,
    );

    await insertChunked(
      plan.leave,
      (chunk) =>
        tx.insert(plannedLeave).values(
          chunk.map((l) => ({
            orgId,
            userId: userIds.get(l.personKey)!,
            startDate: l.startDate,
            endDate: l.endDate,
            note: l.note,
          })),
        ),
      'Planned leave',
      onProgress,
    );

    const crmCounts = await writeCrm(tx, orgId, plan, userIds, onProgress);

    // The strategy targets link to (the R of SMART): this year's and next year's, set by the head of sales.
    const director = plan.people.find((p) => p.role === 'director') ?? plan.people[0]!;
    const year = Number(plan.today.slice(0, 4));
    const objectiveRows = [
      { title: `Grow new-business revenue by 15% in ${year}`, year },
      { title: `Grow new-business revenue by 15% in ${year + 1}`, year: year + 1 },
      { title: `Win a third more first meetings from our own prospecting in ${year + 1}`, year: year + 1 },
    ].map((o) => ({
      orgId,
      title: o.title,
      description: 'Set by the head of sales; every team’s targets link to it.',
      ownerId: userIds.get(director.key)!,
      startDate: `${o.year}-01-01`,
      endDate: `${o.year}-12-31`,
    }));
    await tx.insert(objectives).values(objectiveRows);

    await tx.insert(auditLog).values({
      orgId,
      actorName: 'system (demo generator)',
      action: 'demo.load',
      entityType: 'organisation',
      entityId: orgId,
      after: { seed: options.seed, people: plan.people.length, teams: plan.teams.length },
    });

    return {
      organisationId: orgId,
      organisationName: plan.organisationName,
      counts: {
        people: plan.people.length,
        teams: plan.teams.length,
        memberships: plan.memberships.length,
        leave: plan.leave.length,
        ...crmCounts,
      },
      logins: plan.people
        .filter((p) => p.persona)
        .map((p) => ({ persona: p.persona!, email: p.email, name: p.name })),
    };
  });
  // Last quarter's targets, through the targets services (each in its own transaction).
  onProgress?.('Targets', 0, 1);
  const targets = await seedDemoTargets({ db, orgId: result.organisationId, today: plan.today });
  onProgress?.('Targets', 1, 1);
  return { ...result, counts: { ...result.counts, targets } };
}

/** The CRM history: the standard pipeline, products, accounts, contacts, deals with their stage
 * history, activities and objections. */
async function writeCrm(
  tx: Tx,
  orgId: string,
  plan: DemoPlan,
  userIds: Map<string, string>,
  onProgress?: ProgressFn,
) {
  const crm = plan.crm;
  const { stages } = await insertPipelineWithStages(tx, orgId, {
    name: 'Sales',
    isDefault: true,
    stages: STANDARD_STAGES,
  });
  const stageId = new Map(stages.map((st) => [st.name, st.id]));
  const user = (key: string) => userIds.get(key)!;

  const productIds = crm.products.map(() => crypto.randomUUID());
  if (crm.products.length) {
    await tx.insert(products).values(crm.products.map((p, i) => ({ orgId, id: productIds[i]!, ...p })));
  }

  const customerOf = new Map(crm.customers.map((c) => [c.accountKey, c]));
  const accountIds = new Map(crm.accounts.map((a) => [a.key, crypto.randomUUID()]));
  await insertChunked(
    crm.accounts,
    (chunk) =>
      tx.insert(accounts).values(
        chunk.map((a) => {
          const customer = customerOf.get(a.key);
          return {
            orgId,
            id: accountIds.get(a.key)!,
            name: a.name,
            sector: a.sector,
            country: a.country,
            employees: a.employees,
            ownerId: user(a.ownerKey),
            customerStatus: customer
              ? customer.until
                ? ('former_customer' as const)
                : ('customer' as const)
              : ('prospect' as const),
            customerSince: customer?.since ?? null,
            customerUntil: customer?.until ?? null,
          };
        }),
      ),
    'Accounts',
    onProgress,
  );

  const ownerOfAccount = new Map(crm.accounts.map((a) => [a.key, a.ownerKey]));
  const contactIds = new Map(crm.contacts.map((c) => [c.key, crypto.randomUUID()]));
  await insertChunked(
    crm.contacts,
    (chunk) =>
      tx.insert(contacts).values(
        chunk.map((c) => ({
          orgId,
          id: contactIds.get(c.key)!,
          accountId: accountIds.get(c.accountKey)!,
          firstName: c.firstName,
          lastName: c.lastName,
          email: c.email,
          jobTitle: c.jobTitle,
          ownerId: user(ownerOfAccount.get(c.accountKey)!),
          lawfulBasis: c.lawfulBasis,
          consentSource: c.lawfulBasis === 'consent' ? 'Web form' : null,
          consentAt: c.lawfulBasis === 'consent' ? new Date(`${plan.today}T00:00:00Z`) : null,
          marketingOptOut: c.marketingOptOut,
          doNotContact: c.doNotContact,
        })),
      ),
    'Contacts',
    onProgress,
  );

  const pipelineId = stages[0]!.pipelineId;
  const dealIds = new Map(crm.deals.map((d) => [d.key, crypto.randomUUID()]));
  await insertChunked(
    crm.deals,
    (chunk) =>
      tx.insert(deals).values(
        chunk.map((d) => ({
          orgId,
          id: dealIds.get(d.key)!,
          name: d.name,
          accountId: accountIds.get(d.accountKey)!,
          contactId: contactIds.get(d.contactKey)!,
          productId: productIds[d.productIndex] ?? null,
          ownerId: user(d.ownerKey),
          amount: d.amount,
          currency: 'GBP',
          pipelineId,
          stageId: stageId.get(d.stage)!,
          status:
            d.stage === 'Won' ? ('won' as const) : d.stage === 'Lost' ? ('lost' as const) : ('open' as const),
          expectedCloseDate: d.expectedCloseDate,
          source: d.source,
          competitor: d.competitor,
          lostReason: d.lostReason,
          forecastCategory: d.forecastCategory,
          createdOn: d.createdOn,
          engagedOn: d.engagedOn,
          closedOn: d.closedOn,
        })),
      ),
    'Deals',
    onProgress,
  );

  const changes = crm.deals.flatMap((d) => d.changes.map((c) => ({ deal: d, change: c })));
  await insertChunked(
    changes,
    (chunk) =>
      tx.insert(dealStageChanges).values(
        chunk.map(({ deal, change }) => ({
          orgId,
          dealId: dealIds.get(deal.key)!,
          fromStageId: change.from ? stageId.get(change.from)! : null,
          toStageId: stageId.get(change.to)!,
          changedAt: new Date(change.at),
          changedBy: user(deal.ownerKey),
          source: 'user' as const,
        })),
      ),
    'Stage history',
    onProgress,
  );

  await insertChunked(
    crm.activities,
    (chunk) =>
      tx.insert(activities).values(
        chunk.map((a) => ({
          orgId,
          type: a.type,
          subject: a.subject,
          occurredAt: new Date(a.occurredAt),
          durationMinutes: a.durationMinutes,
          outcome: a.outcome,
          ownerId: user(a.ownerKey),
          contactId: a.contactKey ? contactIds.get(a.contactKey)! : null,
          dealId: a.dealKey ? dealIds.get(a.dealKey)! : null,
          accountId: a.accountKey ? accountIds.get(a.accountKey)! : null,
          dueDate: a.dueDate,
          doneAt: a.done ? new Date(`${a.dueDate ?? a.occurredAt.slice(0, 10)}T16:00:00Z`) : null,
        })),
      ),
    'Activities',
    onProgress,
  );

  await insertChunked(
    crm.objections,
    (chunk) =>
      tx.insert(objections).values(
        chunk.map((o) => ({
          orgId,
          dealId: dealIds.get(o.dealKey)!,
          type: o.type,
          technique: o.technique,
          outcome: o.outcome,
          raisedOn: o.raisedOn,
          loggedBy: user(o.loggedByKey),
        })),
      ),
    'Objections',
    onProgress,
  );

  return {
    accounts: crm.accounts.length,
    contacts: crm.contacts.length,
    deals: crm.deals.length,
    stageChanges: changes.length,
    activities: crm.activities.length,
    objections: crm.objections.length,
  };
}
