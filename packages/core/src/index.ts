export * from './capacity.ts';
export * from './dates.ts';
export * from './random.ts';
