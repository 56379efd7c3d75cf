export * from './allocate.ts';
export * from './capacity-ratio.ts';
export * from './progress.ts';
export * from './redistribute.ts';
export * from './smart.ts';
