/** What only the performance pages keep in the address: the projection method, and links that keep the period. */
import type { Period } from '@pacesetter/core';
import { useSearchParams } from 'react-router';

export type ProjectionMethod = 'pipeline' | 'run_rate';

/** The projection the leader picked (`?projection=run_rate`); the weighted pipeline by default. */
export function useProjection(): [ProjectionMethod, (method: ProjectionMethod) => void] {
  const [params, setParams] = useSearchParams();
  const method: ProjectionMethod = params.get('projection') === 'run_rate' ? 'run_rate' : 'pipeline';
  const setMethod = (next: ProjectionMethod) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        if (next === 'pipeline') out.delete('projection');
        else out.set('projection', next);
        return out;
      },
      { replace: true },
    );
  return [method, setMethod];
}

/** A performance address that keeps the period. */
export function withPeriod(path: string, period: Period): string {
  return `${path}?period=${encodeURIComponent(period.label)}`;
}
