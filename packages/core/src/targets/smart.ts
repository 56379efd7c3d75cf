/**
 * The SMART check of a target, letter by letter, each with a pass or fail and the reason in words a
 * leader can act on — so a vague or unrealistic target is visible before it is published.
 */
import { type IsoDate, isIsoDate, toDayNumber } from '../dates.ts';
import { median } from '../kpi/formulas.ts';
import { formatNumber } from './units.ts';

export type SmartLetter = 'S' | 'M' | 'A' | 'R' | 'T';

export interface SmartInput {
  /** A catalogue metric id, or whatever the user typed / null when none was chosen. */
  metric: string | null;
  /** Human name of the metric, for messages. */
  metricName?: string | null;
  /** Whether the metric is computed from recorded data (in the catalogue and its data exists). */
  measurable: boolean;
  /** Why not, when measurable is false (e.g. "Leads are not recorded yet"). */
  measurableReason?: string;
  /** 'higher_is_better' | 'lower_is_better' — decides which way "unrealistic" points. */
  direction: 'higher_is_better' | 'lower_is_better';
  /** 'ratio' metrics need 0 < value ≤ 1. */
  unit: string;
  owner: { kind: 'person' | 'team'; name: string } | null;
  /** The target's title / description as the leader wrote it; checked for vague wording. */
  title: string;
  description?: string | null;
  value: number | null;
  start: IsoDate | null;
  end: IsoDate | null;
  checkpoints: readonly { date: IsoDate; value: number }[];
  objective: { title: string; start: IsoDate; end: IsoDate; status: string } | null;
  /** The owner's own results of the same metric over past periods of the same length (oldest first). */
  history: readonly number[];
  /**
   * The owner's capacity this period relative to the past periods (1 = the same; 0.5 = half, e.g.
   * a month's leave in a quarter): their history is scaled by it.
   */
  capacity?: number | null;
  /** What the capacity figure is made of, for the reason text. */
  capacityNote?: string | null;
  /**
   * For an owner with no history of their own (a new starter): what their teammates usually reach
   * per full-capacity person, and the owner's capacity share now (ramp-up, FTE, leave). A target far
   * above `usual × capacity` fails Achievable; a low one passes (a ramping starter need not stretch).
   */
  peers?: { usual: number; people: number; capacity: number; capacityNote?: string | null } | null;
  /** Formats a number in the metric's unit, for reasons ("€120,000", "45 calls"). */
  format?: (value: number) => string;
}

export interface SmartLetterResult {
  letter: SmartLetter;
  name: 'Specific' | 'Measurable' | 'Achievable' | 'Relevant' | 'Time-bound';
  pass: boolean;
  reason: string;
  /** Figures behind Achievable (best, usual, scaled by capacity); absent for other letters. */
  figures?: Record<string, number | null>;
}

export interface SmartResult {
  pass: boolean;
  letters: SmartLetterResult[];
  /** Letters that failed, e.g. ['A', 'R']. */
  failing: SmartLetter[];
}

/**
 * Achievable, for a higher-is-better metric: a value above ACHIEVABLE_STRETCH × the owner's best
 * past result is out of reach, and one below ACHIEVABLE_FLOOR × their usual (median) result does
 * not stretch them. Past results are first scaled by the owner's capacity in this period.
 */
export const ACHIEVABLE_STRETCH = 1.25;
export const ACHIEVABLE_FLOOR = 0.8;
/**
 * The same thresholds for a lower-is-better metric (sales cycle days, deals lost), mirrored around 1
 * so that they read the same way: below 0.75 × the best (lowest) result is out of reach, above
 * 1.2 × the usual result does not stretch. Kept simple and symmetric rather than 1/1.25 and 1/0.8.
 */
export const ACHIEVABLE_STRETCH_LOWER = 2 - ACHIEVABLE_STRETCH;
export const ACHIEVABLE_FLOOR_LOWER = 2 - ACHIEVABLE_FLOOR;
/** A period longer than this many days (about a quarter) needs at least one checkpoint. */
export const MAX_DAYS_WITHOUT_CHECKPOINT = 92;

/**
 * Vague words and phrases (whole words, any case) that make a target non-specific. "increase" is
 * only vague when the title carries no figure: "Increase revenue to 120k" says how much.
 */
export const VAGUE_WORDING: readonly string[] = [
  'as much as possible',
  'as many as possible',
  'best effort',
  'more',
  'better',
  'improve',
  'improved',
  'maximise',
  'maximize',
  'try',
  'try to',
  'some',
  'a lot',
  'lots',
  'asap',
  'etc',
  'hopefully',
  'good',
  'higher',
  'increase',
];

// Longest first, so "try to" is reported once and not also as "try".
const VAGUE_PATTERNS = [...VAGUE_WORDING]
  .sort((a, b) => b.length - a.length)
  .map((phrase) => ({
    phrase,
    re: new RegExp(`(?<![\\p{L}\\p{N}])${phrase.replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu'),
  }));

/** The vague words and phrases of a text, in the order they appear, each once. */
export function findVagueWording(text: string, options: { allowIncrease?: boolean } = {}): string[] {
  let rest = text;
  const found: { phrase: string; at: number }[] = [];
  for (const { phrase, re } of VAGUE_PATTERNS) {
    if (phrase === 'increase' && options.allowIncrease) continue;
    rest = rest.replace(re, (match, at: number) => {
      found.push({ phrase, at });
      return ' '.repeat(match.length); // blank it out so a shorter phrase inside does not match again
    });
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.phrase)
    .filter((p) => !seen.has(p) && seen.add(p));
}

export function checkSmart(input: SmartInput): SmartResult {
  const fmt = input.format ?? ((v: number) => formatNumber(v));
  const letters = [
    specific(input),
    measurable(input, fmt),
    achievable(input, fmt),
    relevant(input),
    timeBound(input, fmt),
  ];
  const failing = letters.filter((l) => !l.pass).map((l) => l.letter);
  return { pass: failing.length === 0, letters, failing };
}

const quote = (words: readonly string[]) => words.map((w) => `"${w}"`).join(', ');
const metricLabel = (input: SmartInput) => input.metricName || input.metric || 'the metric';

function specific(input: SmartInput): SmartLetterResult {
  const problems: string[] = [];
  if (!input.metric) problems.push('No metric chosen');
  if (!input.owner) problems.push('No owner');
  if (input.title.trim() === '') problems.push('No title');
  const text = `${input.title}\n${input.description ?? ''}`;
  const vague = findVagueWording(text, { allowIncrease: /\d/.test(input.title) });
  if (vague.length > 0)
    problems.push(`Vague wording: ${quote(vague)} — say what exactly (metric, owner, figure)`);
  if (problems.length > 0) return { letter: 'S', name: 'Specific', pass: false, reason: problems.join('; ') };
  const owner = input.owner as NonNullable<SmartInput['owner']>;
  const whose = owner.kind === 'team' ? `the team ${owner.name}` : owner.name;
  return {
    letter: 'S',
    name: 'Specific',
    pass: true,
    reason: `${metricLabel(input)} for ${whose}, stated without vague wording`,
  };
}

function measurable(input: SmartInput, fmt: (v: number) => string): SmartLetterResult {
  const fail = (reason: string): SmartLetterResult => ({
    letter: 'M',
    name: 'Measurable',
    pass: false,
    reason,
  });
  if (!input.measurable)
    return fail(input.measurableReason || `${metricLabel(input)} is not computed from recorded data`);
  const v = input.value;
  if (v === null || !Number.isFinite(v)) return fail('No target value');
  if (v <= 0) return fail(`The target value must be above 0, got ${fmt(v)}`);
  if (input.unit === 'ratio' && v > 1)
    return fail(`A ratio cannot be above 1 (100%), got ${formatNumber(v)}: write 45% as 0.45`);
  return {
    letter: 'M',
    name: 'Measurable',
    pass: true,
    reason: `Computed from recorded data: ${metricLabel(input)}, target ${fmt(v)}`,
  };
}

function achievable(input: SmartInput, fmt: (v: number) => string): SmartLetterResult {
  const result = (
    pass: boolean,
    reason: string,
    figures: Record<string, number | null>,
  ): SmartLetterResult => ({
    letter: 'A',
    name: 'Achievable',
    pass,
    reason,
    figures,
  });
  const scale = input.capacity ?? 1;
  const periods = input.history.length;
  const history = input.history.filter((h) => Number.isFinite(h));
  if (history.length === 0 || history.every((h) => h === 0)) {
    const peers = input.peers;
    const v = input.value;
    if (peers && peers.usual > 0 && v !== null && Number.isFinite(v)) {
      const expected = peers.usual * peers.capacity;
      const figures = { best: null, usual: null, scaledBy: scale, periods, peerUsual: peers.usual, expected };
      const basis = `the team's usual ${fmt(peers.usual)} per full-capacity person (${peers.people} ${peers.people === 1 ? 'person' : 'people'}) at their capacity of ${formatNumber(peers.capacity * 100, 0)}%${peers.capacityNote ? ` (${peers.capacityNote})` : ''}: ${fmt(expected)}`;
      if (input.direction === 'higher_is_better' && v > expected * ACHIEVABLE_STRETCH)
        return result(
          false,
          `No history of their own, and far above what is realistic: ${fmt(v)} against ${basis}`,
          figures,
        );
      return result(true, `No history of their own: judged against ${basis}`, figures);
    }
    return result(
      true,
      'No history to judge against (new starter or new metric): check it against the ramp-up and capacity',
      { best: null, usual: null, scaledBy: scale, periods },
    );
  }
  const v = input.value;
  const higher = input.direction === 'higher_is_better';
  const best = (higher ? Math.max(...history) : Math.min(...history)) * scale;
  const usual = (median(history) as number) * scale;
  const figures = { best, usual, scaledBy: scale, periods };
  if (v === null || !Number.isFinite(v))
    return result(false, 'No target value to judge against the history', figures);

  const over = `${periods} period${periods === 1 ? '' : 's'}`;
  const scaled =
    scale === 1
      ? ''
      : ` (scaled to ${formatNumber(scale * 100, 1)}% capacity${input.capacityNote ? `: ${input.capacityNote}` : ''})`;
  const pctFrom = (a: number, b: number) =>
    b === 0 ? '' : `${formatNumber(Math.abs(a / b - 1) * 100, 0)}% `;
  if (higher) {
    if (v > best * ACHIEVABLE_STRETCH)
      return result(
        false,
        `Far above their best: ${fmt(v)} is ${pctFrom(v, best)}above the best of the last ${over}, ${fmt(best)}${scaled}`,
        figures,
      );
    if (v < usual * ACHIEVABLE_FLOOR)
      return result(
        false,
        `Below their usual level: ${fmt(v)} is ${pctFrom(v, usual)}below the usual ${fmt(usual)} of the last ${over}${scaled}, so it does not stretch`,
        figures,
      );
    return result(
      true,
      `Between ${formatNumber(ACHIEVABLE_FLOOR * 100)}% of the usual ${fmt(usual)} and ${formatNumber(ACHIEVABLE_STRETCH * 100)}% of the best ${fmt(best)} over ${over}${scaled}`,
      figures,
    );
  }
  if (v < best * ACHIEVABLE_STRETCH_LOWER)
    return result(
      false,
      `Far below their best: ${fmt(v)} is ${pctFrom(v, best)}below the best (lowest) of the last ${over}, ${fmt(best)}${scaled}`,
      figures,
    );
  if (v > usual * ACHIEVABLE_FLOOR_LOWER)
    return result(
      false,
      `Above their usual level: ${fmt(v)} is ${pctFrom(v, usual)}above the usual ${fmt(usual)} of the last ${over}${scaled}, so it does not stretch`,
      figures,
    );
  return result(
    true,
    `Between ${formatNumber(ACHIEVABLE_FLOOR_LOWER * 100)}% of the usual ${fmt(usual)} and ${formatNumber(ACHIEVABLE_STRETCH_LOWER * 100)}% of the best (lowest) ${fmt(best)} over ${over}${scaled}`,
    figures,
  );
}

function relevant(input: SmartInput): SmartLetterResult {
  const fail = (reason: string): SmartLetterResult => ({
    letter: 'R',
    name: 'Relevant',
    pass: false,
    reason,
  });
  const o = input.objective;
  if (!o) return fail('Not linked to an organisational objective');
  if (o.status !== 'active')
    return fail(`The objective "${o.title}" is ${o.status.replace(/_/g, ' ')}, not active`);
  // Dates are compared only when the target has both (a missing date fails Time-bound instead).
  if (input.start && input.end && !(o.start <= input.end && input.start <= o.end))
    return fail(
      `Objective "${o.title}" runs ${o.start} to ${o.end}; the target is ${input.start} to ${input.end}`,
    );
  return { letter: 'R', name: 'Relevant', pass: true, reason: `Serves the objective "${o.title}"` };
}

function timeBound(input: SmartInput, fmt: (v: number) => string): SmartLetterResult {
  const fail = (reason: string): SmartLetterResult => ({
    letter: 'T',
    name: 'Time-bound',
    pass: false,
    reason,
  });
  const { start, end, checkpoints } = input;
  if (!start || !end)
    return fail(!start && !end ? 'No start or end date' : !start ? 'No start date' : 'No end date');
  for (const [label, d] of [
    ['start', start],
    ['end', end],
  ] as const)
    if (!isIsoDate(d)) return fail(`The ${label} date is not a calendar date (YYYY-MM-DD): ${d}`);
  if (end < start) return fail(`It ends (${end}) before it starts (${start})`);

  const problems: string[] = [];
  const outside = checkpoints.filter((c) => !isIsoDate(c.date) || c.date < start || c.date > end);
  if (outside.length > 0)
    problems.push(
      `Checkpoint${outside.length === 1 ? '' : 's'} ${outside.map((c) => c.date).join(', ')} outside ${start} to ${end}`,
    );
  for (let i = 1; i < checkpoints.length; i++) {
    const a = checkpoints[i - 1] as (typeof checkpoints)[number];
    const b = checkpoints[i] as (typeof checkpoints)[number];
    if (b.date <= a.date) {
      problems.push(`Checkpoints are not in date order: ${b.date} comes after ${a.date}`);
      break;
    }
  }
  const higher = input.direction === 'higher_is_better';
  if (higher) {
    for (let i = 1; i < checkpoints.length; i++) {
      const a = checkpoints[i - 1] as (typeof checkpoints)[number];
      const b = checkpoints[i] as (typeof checkpoints)[number];
      if (b.value < a.value) {
        problems.push(
          `Checkpoint values go down: ${fmt(b.value)} on ${b.date} after ${fmt(a.value)} on ${a.date}`,
        );
        break;
      }
    }
    const v = input.value;
    if (v !== null && Number.isFinite(v)) {
      const above = checkpoints.find((c) => c.value > v);
      if (above)
        problems.push(`Checkpoint ${above.date} asks for ${fmt(above.value)}, above the target ${fmt(v)}`);
    }
  }
  const days = toDayNumber(end) - toDayNumber(start) + 1;
  if (days > MAX_DAYS_WITHOUT_CHECKPOINT && checkpoints.length === 0)
    problems.push(
      `A period of ${Math.round(days / (365.25 / 12))} months (${days} days) needs at least one checkpoint`,
    );
  if (problems.length > 0) return fail(problems.join('; '));
  const n = checkpoints.length;
  return {
    letter: 'T',
    name: 'Time-bound',
    pass: true,
    reason: `From ${start} to ${end} (${days} day${days === 1 ? '' : 's'}), ${n === 0 ? 'no checkpoints' : `${n} checkpoint${n === 1 ? '' : 's'}`}`,
  };
}
