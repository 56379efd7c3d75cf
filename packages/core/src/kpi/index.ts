export * from './activity-outcome.ts';
export * from './early-warning.ts';
export * from './forecast.ts';
export * from './formulas.ts';
export * from './funnel.ts';
export * from './metrics.ts';
export * from './periods.ts';
