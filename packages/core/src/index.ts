export * from './capacity.ts';
export * from './csv/index.ts';
export * from './dates.ts';
export * from './import/index.ts';
export * from './kpi/index.ts';
export * from './random.ts';
export * from './targets/index.ts';
