/**
 * Plans a demo organisation from a seed and a scale, with no I/O: the same options always give the
 * same people, teams and history. demo.service.ts writes the plan; benchmarks use the same planner
 * at large scale. Later modules (CRM, targets) add their own steps to the plan.
 */
import { addDays, createRandom, type IsoDate, type Random } from '@pacesetter/core';
import type { Role } from '../../platform/actor.ts';
import { type CrmPlan, type CrmScale, planCrm } from './demo.crm.ts';
import {
  FIRST_NAMES,
  LAST_NAMES,
  MARKETING_TEAM_NAMES,
  OFFICE_NAMES,
  SALES_TEAM_NAMES,
} from './demo.names.ts';

export interface DemoOptions {
  seed: number;
  /** Number of people (accounts), at least 8. */
  people: number;
  organisationName: string;
  password: string;
  /** "Today" for the generated history; defaults to the real date. */
  today?: IsoDate;
  /** Years of history before today. */
  historyYears?: number;
  /** How much CRM history to generate (accounts, deal and activity rates). */
  crm?: CrmScale;
}

export interface PlannedTeam {
  key: string;
  name: string;
  type: 'office' | 'sales' | 'marketing';
  parentKey: string | null;
  leaderKey: string | null;
}

export interface PlannedPerson {
  key: string;
  name: string;
  email: string;
  title: string;
  role: Role;
  fte: number;
  startDate: IsoDate;
  /** Set for people who have left: deactivated, last day in their team. */
  leftOn: IsoDate | null;
  /** Who to show on the login sheet. */
  persona: string | null;
}

export interface PlannedMembership {
  personKey: string;
  teamKey: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface PlannedLeave {
  personKey: string;
  startDate: IsoDate;
  endDate: IsoDate;
  note: string;
}

export interface DemoPlan {
  organisationName: string;
  emailDomain: string;
  today: IsoDate;
  teams: PlannedTeam[];
  people: PlannedPerson[];
  memberships: PlannedMembership[];
  leave: PlannedLeave[];
  crm: CrmPlan;
}

export const MIN_DEMO_PEOPLE = 8;

export function planDemo(options: DemoOptions): DemoPlan {
  if (!Number.isInteger(options.people) || options.people < MIN_DEMO_PEOPLE) {
    throw new RangeError(`people must be a whole number of at least ${MIN_DEMO_PEOPLE}`);
  }
  const rnd = createRandom(options.seed);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const historyStart = addDays(today, -365 * (options.historyYears ?? 2));
  const emailDomain = `${slug(options.organisationName)}.example`;
  const names = nameGenerator(rnd.fork('names'), emailDomain);

  // Shape: about eight members per team, one marketing team for every three sales teams, an office per four teams.
  const fixed = 3; // administrator, head of sales, finance viewer
  const teamCount = Math.max(3, Math.round((options.people - fixed) / 9));
  const marketingCount = Math.max(1, Math.round(teamCount / 4));
  const salesCount = teamCount - marketingCount;
  const officeCount = Math.max(1, Math.ceil(teamCount / 4));

  const people: PlannedPerson[] = [];
  const addPerson = (
    p: Omit<PlannedPerson, 'key' | 'name' | 'email' | 'leftOn'> & { leftOn?: IsoDate | null },
  ) => {
    const { name, email } = names.next();
    const person = { key: `p${people.length}`, name, email, leftOn: null, ...p };
    people.push(person);
    return person;
  };
  const tenure = (minYears: number, maxYears: number) =>
    addDays(today, -rnd.int(minYears * 365, maxYears * 365));

  const admin = addPerson({
    title: 'Sales operations & data protection lead',
    role: 'admin',
    fte: 1,
    startDate: tenure(3, 6),
    persona: 'Administrator',
  });
  const director = addPerson({
    title: 'Head of Sales',
    role: 'director',
    fte: 1,
    startDate: tenure(4, 8),
    persona: 'Head of sales (director)',
  });
  addPerson({
    title: 'Finance business partner',
    role: 'viewer',
    fte: 1,
    startDate: tenure(2, 5),
    persona: 'Finance (viewer)',
  });
  void admin;

  const teams: PlannedTeam[] = [];
  for (let i = 0; i < officeCount; i++) {
    teams.push({
      key: `o${i}`,
      name: pickName(OFFICE_NAMES, i, 'Office'),
      type: 'office',
      parentKey: null,
      leaderKey: i === 0 ? director.key : null,
    });
  }
  const workTeams: PlannedTeam[] = [];
  for (let i = 0; i < teamCount; i++) {
    const marketing = i >= salesCount;
    const leader = addPerson({
      title: marketing ? 'Marketing manager' : 'Sales team leader',
      role: 'leader',
      fte: 1,
      startDate: tenure(2, 7),
      persona: i === 0 ? 'Sales team leader' : marketing && i === salesCount ? 'Marketing team leader' : null,
    });
    const team: PlannedTeam = {
      key: `t${i}`,
      name: marketing
        ? pickName(MARKETING_TEAM_NAMES, i - salesCount, 'Marketing')
        : pickName(SALES_TEAM_NAMES, i, 'Sales'),
      type: marketing ? 'marketing' : 'sales',
      parentKey: `o${i % officeCount}`,
      leaderKey: leader.key,
    };
    teams.push(team);
    workTeams.push(team);
  }
  // Other offices are led by the head of sales until they get a leader of their own.
  for (const office of teams) if (office.type === 'office') office.leaderKey ??= director.key;

  const memberships: PlannedMembership[] = [];
  const memberCount = options.people - people.length - 1; // one place is kept for the leaver below
  let newStarterPlaced = false;
  for (let i = 0; i < memberCount; i++) {
    const team = workTeams[i % workTeams.length]!;
    const marketing = team.type === 'marketing';
    const isNewStarter = !newStarterPlaced && !marketing && i >= workTeams.length; // second member of the first sales team
    const startDate = isNewStarter ? addDays(today, -rnd.int(15, 30)) : tenure(0.5, 6);
    if (isNewStarter) newStarterPlaced = true;
    const fte = rnd.chance(0.12) ? rnd.pick([0.5, 0.6, 0.8]) : 1;
    const person = addPerson({
      title: marketing
        ? rnd.pick(['Marketing executive', 'Campaign specialist', 'Marketing coordinator'])
        : rnd.pick(['Account executive', 'Senior account executive', 'Business development representative']),
      role: 'member',
      fte,
      startDate,
      persona: i === 0 ? 'Sales rep (member)' : isNewStarter ? 'New starter (member, ramping up)' : null,
    });
    const joined = person.startDate > historyStart ? person.startDate : historyStart;
    // About one in eight moved team during the history: the earlier team keeps their record.
    const otherTeams = workTeams.filter((t) => t.type === team.type && t !== team);
    if (!isNewStarter && otherTeams.length > 0 && rnd.chance(0.125) && joined < addDays(today, -200)) {
      const movedOn = addDays(today, -rnd.int(60, 180));
      memberships.push({
        personKey: person.key,
        teamKey: rnd.pick(otherTeams).key,
        validFrom: joined,
        validTo: addDays(movedOn, -1),
      });
      memberships.push({ personKey: person.key, teamKey: team.key, validFrom: movedOn, validTo: null });
    } else {
      memberships.push({ personKey: person.key, teamKey: team.key, validFrom: joined, validTo: null });
    }
  }

  // Someone who left: their history stays in the team they worked in.
  const leaver = addPerson({
    title: 'Account executive',
    role: 'member',
    fte: 1,
    startDate: addDays(historyStart, 30),
    persona: null,
  });
  leaver.leftOn = addDays(today, -rnd.int(120, 300));
  memberships.push({
    personKey: leaver.key,
    teamKey: workTeams[0]!.key,
    validFrom: leaver.startDate,
    validTo: leaver.leftOn,
  });

  const leave: PlannedLeave[] = [];
  for (const p of people) {
    if (p.leftOn) continue;
    for (let k = 0; k < 2; k++) {
      if (!rnd.chance(0.45)) continue;
      const start = nextWeekday(addDays(today, rnd.int(-150, 150)));
      const days = rnd.pick([1, 3, 5, 5, 10]);
      if (start < p.startDate) continue;
      leave.push({
        personKey: p.key,
        startDate: start,
        endDate: addDays(start, days - 1 + Math.floor((days - 1) / 5) * 2),
        note: rnd.pick(['Holiday', 'Annual leave', 'Training course', 'Family leave']),
      });
    }
  }

  const base = {
    organisationName: options.organisationName,
    emailDomain,
    today,
    teams,
    people,
    memberships,
    leave,
  };
  return { ...base, crm: planCrm(rnd.fork('crm'), { ...base, crm: EMPTY_CRM }, historyStart, options.crm) };
}

const EMPTY_CRM: CrmPlan = {
  products: [],
  accounts: [],
  contacts: [],
  deals: [],
  activities: [],
  objections: [],
  skills: [],
  customers: [],
};

function nameGenerator(rnd: Random, domain: string) {
  const usedNames = new Set<string>();
  const usedEmails = new Set<string>();
  return {
    next() {
      let first = rnd.pick(FIRST_NAMES);
      let last = rnd.pick(LAST_NAMES);
      // Prefer a name nobody has yet; at very large scale, repeats get a numbered email instead.
      for (let tries = 0; usedNames.has(`${first} ${last}`) && tries < 20; tries++) {
        first = rnd.pick(FIRST_NAMES);
        last = rnd.pick(LAST_NAMES);
      }
      const name = `${first} ${last}`;
      const base = `${ascii(first)}.${ascii(last)}`;
      let email = `${base}@${domain}`;
      for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@${domain}`;
      usedNames.add(name);
      usedEmails.add(email);
      return { name, email };
    },
  };
}

/** Lower-case ASCII letters and digits only, for email local parts. */
function ascii(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'demo'
  );
}

function pickName(pool: readonly string[], i: number, fallback: string): string {
  return i < pool.length ? pool[i]! : `${fallback} ${i + 1}`;
}

function nextWeekday(d: IsoDate): IsoDate {
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  return wd === 0 ? addDays(d, 1) : wd === 6 ? addDays(d, 2) : d;
}
