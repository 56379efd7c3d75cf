/**
 * Target cascades in memory: `npm run bench -- targets`. Splits a team target between 10,000
 * recipients by a blend of history and capacity, with some minimums and maximums (the water-filling
 * and the largest-remainder rounding), and redistributes the shortfall of 10,000 people.
 * Goal: each under 50 ms at p95 (a cascade is computed while a leader drags a slider). Each is timed
 * as the split alone and with every line's rationale sentence written, which is most of the time.
 */
import {
  type AllocationRecipient,
  allocate,
  createRandom,
  type RedistributionPerson,
  redistribute,
} from '@pacesetter/core';

const GOAL_MS = 50;
const PEOPLE = 10_000;
const WARM_UP = 5;
const RUNS = 50;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

function time(label: string, run: () => void) {
  for (let i = 0; i < WARM_UP; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  console.log(
    `  ${label}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${RUNS} runs) — goal < ${GOAL_MS} ms: ${p95 < GOAL_MS ? 'meets' : 'misses'}`,
  );
}

export async function targetsBench() {
  console.log(`\nTargets (in memory, ${PEOPLE.toLocaleString('en-GB')} people)`);
  const random = createRandom('targets-bench');

  const recipients: AllocationRecipient[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const level = Math.max(0, random.normal(30_000, 10_000));
    const history = Array.from({ length: 4 }, () => Math.max(0, Math.round(random.normal(level, level / 5))));
    const fte = random.pick([1, 1, 1, 0.8, 0.5]);
    const ramp = random.chance(0.1) ? random.pick([0.25, 0.5, 0.75]) : 1;
    recipients.push({
      id: `p${i}`,
      name: `Person ${i}`,
      history,
      capacity: fte * ramp,
      capacityNote: `FTE ${fte} · ramp ${ramp}`,
      // Some floors for new starters and ceilings for part-timers, so the water-filling has work.
      min: random.chance(0.1) ? 20_000 : null,
      max: random.chance(0.1) ? 45_000 : null,
    });
  }
  const total = 320_000_000;
  let lines = 0;
  // The split itself (what a slider re-computes), then with every line's rationale written out.
  time('allocate, the split (blend, 4 periods of history, 10% uplift, some min/max)', () => {
    lines = allocate({ total, uplift: 0.1, method: 'blend', recipients, explain: false }).lines.length;
  });
  time('allocate, the split and each line’s rationale sentence', () => {
    lines = allocate({ total, uplift: 0.1, method: 'blend', recipients }).lines.length;
  });
  const a = allocate({ total, uplift: 0.1, method: 'blend', recipients });
  const bound = a.lines.filter((l) => l.bound !== null).length;
  console.log(
    `    ${lines} lines, ${bound} held by a bound, allocated ${a.allocated.toLocaleString('en-GB')}`,
  );

  const people: RedistributionPerson[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const target = random.int(20, 60) * 1_000;
    const projected = Math.max(0, Math.round(random.normal(target, target / 4)));
    people.push({
      id: `p${i}`,
      name: `Person ${i}`,
      target,
      actual: Math.round(projected / 2),
      projected,
      maxIncrease: random.chance(0.2) ? 2_000 : null,
      excluded: random.chance(0.02),
    });
  }
  time('redistribute, the proposal (half the shortfall, 20% with a cap)', () => {
    redistribute({ share: 0.5, people, explain: false });
  });
  time('redistribute, the proposal and each line’s rationale sentence', () => {
    redistribute({ share: 0.5, people });
  });
  const r = redistribute({ share: 0.5, people });
  console.log(
    `    moved ${r.moved.toLocaleString('en-GB')} of ${r.requested.toLocaleString('en-GB')} asked; team total ${r.teamTotal.toLocaleString('en-GB')}`,
  );
}
