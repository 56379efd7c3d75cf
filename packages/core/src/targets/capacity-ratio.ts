/**
 * Capacity as the targets use it: a person's share in a period with what it is made of, how their
 * capacity now compares with the past periods a target is judged against (and a team's, from who was
 * in it when), and what teammates usually reach per full capacity — the figures that make the SMART
 * check's Achievable fair to a new starter, to someone on leave and to a team that has grown.
 */
import { computeCapacity } from '../capacity.ts';
import { type IsoDate, workingDays } from '../dates.ts';
import { median } from '../kpi/formulas.ts';

/** Planned leave as stored: inclusive dates. */
export interface LeaveDays {
  startDate: IsoDate;
  endDate: IsoDate;
}

/** A person in a team's tree from `validFrom` to `validTo` (null: still there). */
export interface TeamSpan {
  userId: string;
  fte: number;
  startDate: IsoDate | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** A person's capacity share in a period (1 = full-time, ramped, no leave) and what it is made of. */
export function capacityOf(
  person: { fte: number; startDate: IsoDate | null },
  leave: readonly LeaveDays[],
  range: { start: IsoDate; end: IsoDate },
) {
  const c = computeCapacity({
    period: range,
    fte: person.fte,
    startDate: person.startDate,
    leave: leave.map((l) => ({ start: l.startDate, end: l.endDate })),
  });
  const parts = [`FTE ${c.fte}`];
  if (c.rampFactor < 1) parts.push(`ramp ${c.rampFactor} (month ${(c.tenureMonths ?? 0) + 1})`);
  if (c.leaveWorkingDays > 0) parts.push(`${c.leaveWorkingDays} days' leave`);
  if (c.employedWorkingDays < c.periodWorkingDays) {
    parts.push(`${c.employedWorkingDays} of ${c.periodWorkingDays} working days employed`);
  }
  return { share: c.share, note: parts.join(' · ') };
}

/**
 * How a person's capacity this period compares with the past periods a target is judged against:
 * their history is scaled by it (a new starter ramping up, a month's leave), and the periods they
 * did not work at all are left out of the judgement. FTE changes are not recorded over time, so the
 * current FTE is used throughout and cancels out.
 */
export function relativeCapacity(
  person: { fte: number; startDate: IsoDate | null },
  leave: readonly LeaveDays[],
  range: { start: IsoDate; end: IsoDate },
  past: readonly { start: IsoDate; end: IsoDate }[],
) {
  const now = capacityOf(person, leave, range);
  const before = past.map((p) => capacityOf(person, leave, p).share);
  const worked = before.filter((s) => s > 0);
  const mean = worked.length ? worked.reduce((a, b) => a + b, 0) / worked.length : null;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    now,
    /** Capacity share in each past period. */
    pastShares: before,
    /** Which past periods count (the person worked in them). */
    workedIn: before.map((s) => s > 0),
    scale: mean ? now.share / mean : null,
    note:
      mean === null
        ? `capacity ${round(now.share)} this period (${now.note})`
        : `capacity ${round(now.share)} this period (${now.note}) against ${round(mean)} on average before`,
  };
}

/**
 * A team's capacity (full-time equivalents after ramp-up and leave, over the days each person was
 * in its tree) in this period against the past ones: a team that has grown is judged against its
 * history scaled up, one that has shrunk scaled down.
 */
export function relativeTeamCapacity(
  spans: readonly TeamSpan[],
  leave: readonly (LeaveDays & { userId: string })[],
  range: { start: IsoDate; end: IsoDate },
  past: readonly { start: IsoDate; end: IsoDate }[],
) {
  const capacityIn = (period: { start: IsoDate; end: IsoDate }) => {
    const days = workingDays(period);
    if (days === 0) return 0;
    let effective = 0;
    for (const s of spans) {
      if (s.validFrom > period.end || (s.validTo !== null && s.validTo < period.start)) continue;
      const start = s.startDate && s.startDate > s.validFrom ? s.startDate : s.validFrom;
      effective += computeCapacity({
        period,
        fte: s.fte,
        startDate: start,
        endDate: s.validTo,
        leave: leave
          .filter((l) => l.userId === s.userId)
          .map((l) => ({ start: l.startDate, end: l.endDate })),
      }).effectiveDays;
    }
    return effective / days;
  };
  const now = capacityIn(range);
  const before = past.map(capacityIn);
  const worked = before.filter((c) => c > 0);
  const mean = worked.length ? worked.reduce((a, b) => a + b, 0) / worked.length : null;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    now,
    workedIn: before.map((c) => c > 0),
    scale: mean ? now / mean : null,
    note:
      mean === null
        ? `${round(now)} full-time equivalents this period`
        : `${round(now)} full-time equivalents this period against ${round(mean)} on average before`,
  };
}

/**
 * What teammates usually reach per full-capacity person: each one's results divided by their
 * capacity in each past period they worked, their median, then the median over the teammates who
 * have results. A new starter's target is judged against it at their own capacity (ramp-up).
 */
export function peerUsual(peers: readonly { history: readonly number[]; pastShares: readonly number[] }[]) {
  const usuals: number[] = [];
  for (const p of peers) {
    const normalised = p.history.flatMap((v, j) =>
      (p.pastShares[j] ?? 0) > 0 ? [v / (p.pastShares[j] as number)] : [],
    );
    const usual = median(normalised);
    if (usual !== null && usual > 0) usuals.push(usual);
  }
  const usual = median(usuals);
  return usual === null ? null : { usual, people: usuals.length };
}
