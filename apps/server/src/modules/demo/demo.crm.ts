/**
 * Plans the demo organisation's CRM history, with no I/O: accounts and contacts, and for every
 * salesperson two years of deals moving through the standard pipeline, with the activities that led
 * to them and the objections met on the way. Each person has their own skill profile, so a leader
 * has something to find: a busy rep who converts poorly, an effective one who does too little, and
 * people who get stuck at one particular stage. Seasonality: a strong Q4 and a quiet August.
 */
import { addDays, type IsoDate, type Random, toDayNumber, weekday } from '@pacesetter/core';
import type { DemoPlan } from './demo.generator.ts';
import { COMPANY_PREFIXES, COMPANY_SUFFIXES, COUNTRIES, SECTORS } from './demo.names.ts';

/** The standard pipeline's open stages, in order (pipelines.service.ts STANDARD_STAGES). */
export const DEMO_OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation'] as const;
export type DemoStage = (typeof DEMO_OPEN_STAGES)[number] | 'Won' | 'Lost';

export interface CrmScale {
  /** Accounts in all (default: eight per salesperson). */
  accounts?: number;
  /** Multiplies how many deals each salesperson opens a month (default 1: about three). */
  dealRate?: number;
  /** Multiplies how many activities people log (default 1). */
  activityRate?: number;
}

export interface SkillProfile {
  personKey: string;
  /** New deals a month at full FTE, before seasonality and ramp-up. */
  dealsPerMonth: number;
  /** Chance of moving on from each open stage. */
  advance: Record<(typeof DEMO_OPEN_STAGES)[number], number>;
  /** Mean days spent in a stage. */
  daysPerStage: number;
  meanAmount: number;
  /** Activities logged per week on each open deal. */
  touchesPerWeek: number;
  /** What a leader would say about them, for the demo's own checks. */
  profile:
    | 'steady'
    | 'busy but ineffective'
    | 'effective but under-active'
    | 'stuck at proposal'
    | 'new starter';
}

export interface PlannedAccount {
  key: string;
  name: string;
  sector: string;
  country: string;
  employees: number;
  ownerKey: string;
}

export interface PlannedContact {
  key: string;
  accountKey: string;
  firstName: string;
  lastName: string;
  email: string;
  jobTitle: string;
  lawfulBasis: 'legitimate_interests' | 'consent' | 'contract';
  doNotContact: boolean;
  marketingOptOut: boolean;
}

export interface PlannedStageChange {
  from: DemoStage | null;
  to: DemoStage;
  at: string;
}

export interface PlannedDeal {
  key: string;
  name: string;
  accountKey: string;
  contactKey: string;
  ownerKey: string;
  productIndex: number;
  amount: number;
  createdOn: IsoDate;
  engagedOn: IsoDate | null;
  expectedCloseDate: IsoDate;
  stage: DemoStage;
  closedOn: IsoDate | null;
  lostReason: string | null;
  competitor: string | null;
  source: string;
  forecastCategory: 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';
  changes: PlannedStageChange[];
}

export interface PlannedActivity {
  type: 'call' | 'email' | 'meeting' | 'demo' | 'task' | 'note';
  subject: string;
  occurredAt: string;
  durationMinutes: number | null;
  outcome: string | null;
  ownerKey: string;
  contactKey: string | null;
  dealKey: string | null;
  accountKey: string | null;
  dueDate: IsoDate | null;
  done: boolean;
}

export interface PlannedObjection {
  dealKey: string;
  type: 'price' | 'timing' | 'competitor' | 'authority' | 'need' | 'trust';
  technique: string;
  outcome: 'resolved' | 'partly_resolved' | 'unresolved';
  raisedOn: IsoDate;
  loggedByKey: string;
}

export interface CrmPlan {
  products: { name: string; series: string; listPrice: number }[];
  accounts: PlannedAccount[];
  contacts: PlannedContact[];
  deals: PlannedDeal[];
  activities: PlannedActivity[];
  objections: PlannedObjection[];
  skills: SkillProfile[];
  /** Accounts with a won deal: customers since their first win. */
  customers: { accountKey: string; since: IsoDate; until: IsoDate | null }[];
}

const PRODUCTS = [
  { name: 'Core licence', series: 'Platform', listPrice: 12_000 },
  { name: 'Analytics add-on', series: 'Platform', listPrice: 6_000 },
  { name: 'Enterprise suite', series: 'Enterprise', listPrice: 48_000 },
  { name: 'Onboarding package', series: 'Services', listPrice: 4_500 },
  { name: 'Premium support', series: 'Services', listPrice: 8_000 },
];
const LOST_REASONS = [
  'Price',
  'Chose a competitor',
  'No budget',
  'Timing',
  'No decision',
  'Requirements not met',
];
const COMPETITORS = ['Globex', 'Initech', 'Umbrella Systems', 'Hooli'];
const SOURCES = ['Outbound', 'Inbound web', 'Referral', 'Event', 'Partner', 'Webinar'];
const TECHNIQUES = [
  'Feel, felt, found',
  'Reframed on value and return on investment',
  'Isolated the objection and asked what else',
  'Offered a phased roll-out',
  'Brought in the decision maker',
  'Shared a customer case study',
];
const OBJECTIONS = ['price', 'timing', 'competitor', 'authority', 'need', 'trust'] as const;
const JOB_TITLES = ['Head of Operations', 'IT Director', 'Procurement Manager', 'CFO', 'Commercial Director'];
const CALL_OUTCOMES = ['Connected', 'Left voicemail', 'No answer', 'Booked a meeting', 'Not interested'];

/** Relative deal flow by calendar month: a strong Q4, a quiet August and Christmas. */
const SEASONALITY = [0.9, 0.95, 1.1, 1.0, 1.0, 0.95, 0.85, 0.6, 1.05, 1.15, 1.3, 0.8];

function skillFor(rnd: Random, personKey: string, profile: SkillProfile['profile']): SkillProfile {
  const base: SkillProfile = {
    personKey,
    dealsPerMonth: rnd.normal(3, 0.5),
    advance: {
      Prospecting: rnd.normal(0.8, 0.05),
      Qualification: rnd.normal(0.7, 0.05),
      Proposal: rnd.normal(0.65, 0.05),
      Negotiation: rnd.normal(0.75, 0.05),
    },
    daysPerStage: rnd.normal(18, 4),
    meanAmount: rnd.normal(16_000, 4_000),
    touchesPerWeek: rnd.normal(1.6, 0.3),
    profile,
  };
  if (profile === 'busy but ineffective') {
    base.dealsPerMonth *= 1.6;
    base.touchesPerWeek *= 2.2;
    base.advance = { Prospecting: 0.6, Qualification: 0.5, Proposal: 0.45, Negotiation: 0.6 };
  }
  if (profile === 'effective but under-active') {
    base.dealsPerMonth *= 0.6;
    base.touchesPerWeek *= 0.6;
    base.advance = { Prospecting: 0.9, Qualification: 0.85, Proposal: 0.82, Negotiation: 0.9 };
  }
  if (profile === 'stuck at proposal') base.advance.Proposal = 0.35;
  for (const k of DEMO_OPEN_STAGES) base.advance[k] = Math.min(0.95, Math.max(0.1, base.advance[k]));
  base.dealsPerMonth = Math.max(0.5, base.dealsPerMonth);
  base.daysPerStage = Math.max(4, base.daysPerStage);
  base.meanAmount = Math.max(3_000, base.meanAmount);
  base.touchesPerWeek = Math.max(0.3, base.touchesPerWeek);
  return base;
}

/** A working-hours timestamp on the given day (moved to the next weekday if needed). */
function at(rnd: Random, day: IsoDate): string {
  let d = day;
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, 1);
  const minutes = rnd.int(8 * 60 + 30, 17 * 60 + 30);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${d}T${hh}:${mm}:00Z`;
}

/** Poisson-distributed count (Knuth), fine for the small means used here. */
function poisson(rnd: Random, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rnd.next(); p > limit; p *= rnd.next()) k++;
  return k;
}

export function planCrm(rnd: Random, plan: DemoPlan, historyStart: IsoDate, scale: CrmScale = {}): CrmPlan {
  const today = plan.today;
  const teamType = new Map(plan.teams.map((t) => [t.key, t.type]));
  const salesKeys = new Set(
    plan.memberships.filter((m) => teamType.get(m.teamKey) === 'sales').map((m) => m.personKey),
  );
  const sellers = plan.people.filter((p) => p.role === 'member' && salesKeys.has(p.key));

  // Skill profiles: among established sellers (not the persona, not ramping up), two stand out.
  const established = sellers.filter(
    (p, i) => i > 0 && !p.persona && !p.leftOn && toDayNumber(p.startDate) < toDayNumber(today) - 365,
  );
  const skills = sellers.map((p, i) => {
    const profile: SkillProfile['profile'] = p.persona?.startsWith('New starter')
      ? 'new starter'
      : p === established[0]
        ? 'busy but ineffective'
        : p === established[1]
          ? 'effective but under-active'
          : i % 5 === 3
            ? 'stuck at proposal'
            : 'steady';
    return skillFor(rnd, p.key, profile);
  });
  const skillOf = new Map(skills.map((s) => [s.personKey, s]));

  // Accounts, each owned by a seller.
  const accountCount = scale.accounts ?? Math.max(20, sellers.length * 8);
  const accounts: PlannedAccount[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < accountCount; i++) {
    let name = `${rnd.pick(COMPANY_PREFIXES)} ${rnd.pick(COMPANY_SUFFIXES)}`;
    for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    usedNames.add(name);
    accounts.push({
      key: `a${i}`,
      name,
      sector: rnd.pick(SECTORS),
      country: rnd.pick(COUNTRIES),
      employees: Math.round(Math.exp(rnd.normal(5.5, 1.4))),
      ownerKey: sellers.length ? sellers[i % sellers.length]!.key : plan.people[0]!.key,
    });
  }
  const contacts: PlannedContact[] = [];
  const contactsOf = new Map<string, PlannedContact[]>();
  for (const a of accounts) {
    const list: PlannedContact[] = [];
    for (let k = 0, n = rnd.int(1, 3); k < n; k++) {
      const firstName = capitalise(rnd.pick(CONTACT_FIRST));
      const lastName = capitalise(rnd.pick(CONTACT_LAST));
      const c: PlannedContact = {
        key: `c${contacts.length}`,
        accountKey: a.key,
        firstName,
        lastName,
        email:
          `${firstName}.${lastName}.${contacts.length}@${a.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`.toLowerCase(),
        jobTitle: rnd.pick(JOB_TITLES),
        lawfulBasis: rnd.chance(0.2) ? 'consent' : rnd.chance(0.3) ? 'contract' : 'legitimate_interests',
        doNotContact: rnd.chance(0.03),
        marketingOptOut: rnd.chance(0.12),
      };
      contacts.push(c);
      list.push(c);
    }
    contactsOf.set(a.key, list);
  }
  const accountsOf = new Map<string, PlannedAccount[]>();
  for (const a of accounts) accountsOf.set(a.ownerKey, [...(accountsOf.get(a.ownerKey) ?? []), a]);

  const deals: PlannedDeal[] = [];
  const activities: PlannedActivity[] = [];
  const objections: PlannedObjection[] = [];
  const activityRate = scale.activityRate ?? 1;
  const todayNumber = toDayNumber(today);

  const log = (
    a: Omit<PlannedActivity, 'dueDate' | 'done'> & { dueDate?: IsoDate | null; done?: boolean },
  ) => {
    if (toDayNumber(a.occurredAt.slice(0, 10)) > todayNumber) return;
    activities.push({ dueDate: null, done: false, ...a });
  };

  for (const seller of sellers) {
    const skill = skillOf.get(seller.key)!;
    const mine = accountsOf.get(seller.key) ?? [];
    if (mine.length === 0) continue;
    const first = seller.startDate > historyStart ? seller.startDate : historyStart;
    const last = seller.leftOn ?? today;
    for (let month = first.slice(0, 7); `${month}-01` <= last; month = nextMonth(month)) {
      const m = Number(month.slice(5, 7));
      const monthsIn = (toDayNumber(`${month}-01`) - toDayNumber(seller.startDate)) / 30.4;
      const ramp = monthsIn < 1 ? 0.25 : monthsIn < 2 ? 0.5 : monthsIn < 3 ? 0.75 : 1;
      const expected = skill.dealsPerMonth * (scale.dealRate ?? 1) * seller.fte * ramp * SEASONALITY[m - 1]!;
      for (let n = poisson(rnd, expected); n > 0; n--) {
        const createdOn = addDays(`${month}-01`, rnd.int(0, 27));
        if (createdOn > last || createdOn < seller.startDate) continue;
        const account = rnd.pick(mine);
        const contact = rnd.pick(contactsOf.get(account.key)!);
        const productIndex = rnd.int(0, PRODUCTS.length - 1);
        const amount =
          Math.round(
            Math.max(
              1_000,
              skill.meanAmount * Math.exp(rnd.normal(0, 0.45)) * (productIndex === 2 ? 2.2 : 1),
            ) / 100,
          ) * 100;
        const key = `d${deals.length}`;
        const changes: PlannedStageChange[] = [{ from: null, to: 'Prospecting', at: at(rnd, createdOn) }];
        let stage = 'Prospecting' as DemoStage;
        let day = createdOn;
        let closedOn: IsoDate | null = null;
        let lostReason: string | null = null;
        let competitor: string | null = rnd.chance(0.35) ? rnd.pick(COMPETITORS) : null;
        // Prospecting touches before the deal existed: the activity that led to the outcome.
        for (let k = 0, calls = Math.round(rnd.int(2, 5) * activityRate); k < calls; k++) {
          log({
            type: k === calls - 1 ? 'meeting' : rnd.chance(0.7) ? 'call' : 'email',
            subject: k === calls - 1 ? `Discovery with ${account.name}` : `Prospecting ${account.name}`,
            occurredAt: at(rnd, addDays(createdOn, -rnd.int(1, 21))),
            durationMinutes: k === calls - 1 ? 45 : rnd.int(3, 15),
            outcome: k === calls - 1 ? 'Opportunity identified' : rnd.pick(CALL_OUTCOMES),
            ownerKey: seller.key,
            contactKey: contact.doNotContact ? null : contact.key,
            dealKey: null,
            accountKey: account.key,
          });
        }
        for (const s of DEMO_OPEN_STAGES) {
          if (stage !== s) break;
          const days = Math.max(1, Math.round(skill.daysPerStage * Math.exp(rnd.normal(0, 0.5))));
          const until = addDays(day, days);
          // Touches while in this stage.
          const touches = poisson(
            rnd,
            (skill.touchesPerWeek * activityRate * Math.min(days, todayNumber - toDayNumber(day))) / 7,
          );
          for (let k = 0; k < touches; k++) {
            const type =
              s === 'Proposal' && k === 0
                ? 'demo'
                : rnd.pick(['call', 'call', 'email', 'email', 'meeting'] as const);
            log({
              type,
              subject: `${type === 'demo' ? 'Product demo' : type === 'meeting' ? 'Meeting' : type === 'call' ? 'Call' : 'Email'}: ${account.name} (${s.toLowerCase()})`,
              occurredAt: at(rnd, addDays(day, rnd.int(0, Math.max(0, days - 1)))),
              durationMinutes: type === 'email' ? null : type === 'call' ? rnd.int(5, 30) : rnd.int(30, 60),
              outcome: type === 'call' ? rnd.pick(CALL_OUTCOMES) : null,
              ownerKey: seller.key,
              contactKey: contact.doNotContact ? null : contact.key,
              dealKey: key,
              accountKey: account.key,
            });
          }
          if (toDayNumber(until) > todayNumber) break; // still in this stage today
          if (s !== 'Prospecting' && rnd.chance(0.3)) {
            const type = rnd.pick(OBJECTIONS);
            objections.push({
              dealKey: key,
              type,
              technique: rnd.pick(TECHNIQUES),
              outcome: rnd.chance(0.55) ? 'resolved' : rnd.chance(0.5) ? 'partly_resolved' : 'unresolved',
              raisedOn: addDays(day, rnd.int(0, Math.max(0, days - 1))),
              loggedByKey: seller.key,
            });
            if (type === 'competitor') competitor ??= rnd.pick(COMPETITORS);
          }
          day = until;
          if (rnd.chance(skill.advance[s])) {
            const next: DemoStage =
              s === 'Negotiation' ? 'Won' : DEMO_OPEN_STAGES[DEMO_OPEN_STAGES.indexOf(s) + 1]!;
            changes.push({ from: s, to: next, at: at(rnd, day) });
            stage = next;
          } else {
            changes.push({ from: s, to: 'Lost', at: at(rnd, day) });
            stage = 'Lost';
            lostReason = competitor && rnd.chance(0.6) ? 'Chose a competitor' : rnd.pick(LOST_REASONS);
          }
          if (stage === 'Won' || stage === 'Lost') closedOn = changes.at(-1)!.at.slice(0, 10);
        }
        // Now and then a lost deal comes back and is won after all: reopening is recorded too.
        if (stage === 'Lost' && rnd.chance(0.03)) {
          const back = addDays(closedOn!, rnd.int(10, 40));
          const won = addDays(back, rnd.int(5, 20));
          if (toDayNumber(won) <= todayNumber) {
            changes.push({ from: 'Lost', to: 'Negotiation', at: at(rnd, back) });
            changes.push({ from: 'Negotiation', to: 'Won', at: at(rnd, won) });
            stage = 'Won';
            closedOn = won;
            lostReason = null;
          }
        }
        // A stage change is never in the future, and never before the one it follows.
        for (const c of changes) if (c.at > `${today}T17:00:00Z`) c.at = `${today}T09:00:00Z`;
        for (let k = 1; k < changes.length; k++) {
          if (changes[k]!.at <= changes[k - 1]!.at) changes[k]!.at = bump(changes[k - 1]!.at);
        }
        if (closedOn) closedOn = changes.at(-1)!.at.slice(0, 10);
        const open = stage !== 'Won' && stage !== 'Lost';
        const expectedCloseDate = open
          ? addDays(today, rnd.int(5, 90))
          : addDays(createdOn, Math.round(skill.daysPerStage * 4));
        deals.push({
          key,
          name: `${account.name} — ${PRODUCTS[productIndex]!.name}`,
          accountKey: account.key,
          contactKey: contact.key,
          ownerKey: seller.key,
          productIndex,
          amount,
          createdOn,
          engagedOn: changes.length > 1 ? changes[1]!.at.slice(0, 10) : null,
          expectedCloseDate,
          stage,
          closedOn,
          lostReason,
          competitor,
          source: rnd.pick(SOURCES),
          forecastCategory:
            stage === 'Won'
              ? 'closed'
              : stage === 'Lost'
                ? 'omitted'
                : stage === 'Negotiation'
                  ? 'commit'
                  : stage === 'Proposal'
                    ? 'best_case'
                    : 'pipeline',
          changes,
        });
      }
    }
    // Follow-up tasks: most done, a few open and some overdue.
    for (let k = 0, n = Math.round(rnd.int(4, 10) * activityRate); k < n; k++) {
      const account = rnd.pick(mine);
      const due = addDays(today, rnd.int(-20, 14));
      log({
        type: 'task',
        subject: `Follow up with ${account.name}`,
        occurredAt: at(rnd, addDays(due, -rnd.int(3, 10))),
        durationMinutes: null,
        outcome: null,
        ownerKey: seller.key,
        contactKey: null,
        dealKey: null,
        accountKey: account.key,
        dueDate: due,
        done: due < today && rnd.chance(0.7),
      });
    }
  }

  // Customers: accounts with a won deal, since the first win; a few have since churned.
  const firstWin = new Map<string, IsoDate>();
  for (const d of deals) {
    if (d.stage !== 'Won' || !d.closedOn) continue;
    const prev = firstWin.get(d.accountKey);
    if (!prev || d.closedOn < prev) firstWin.set(d.accountKey, d.closedOn);
  }
  const customers = [...firstWin].map(([accountKey, since]) => {
    const churned = rnd.chance(0.12) && toDayNumber(since) < todayNumber - 180;
    return {
      accountKey,
      since,
      until: churned ? addDays(since, rnd.int(120, todayNumber - toDayNumber(since))) : null,
    };
  });

  return { products: PRODUCTS, accounts, contacts, deals, activities, objections, skills, customers };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** One minute later, as an ISO timestamp. */
function bump(iso: string): string {
  return new Date(new Date(iso).getTime() + 60_000).toISOString().replace('.000Z', 'Z');
}

const CONTACT_FIRST = [
  'alex',
  'sam',
  'jordan',
  'morgan',
  'casey',
  'robin',
  'jamie',
  'taylor',
  'drew',
  'kim',
  'lee',
  'noor',
];
const CONTACT_LAST = [
  'baker',
  'clarke',
  'dubois',
  'evans',
  'fischer',
  'garcia',
  'hansen',
  'ito',
  'jensen',
  'kowalski',
  'lopez',
  'moreau',
];
