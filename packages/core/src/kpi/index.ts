export * from './formulas.ts';
export * from './metrics.ts';
export * from './periods.ts';
