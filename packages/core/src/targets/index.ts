export * from './allocate.ts';
export * from './progress.ts';
export * from './redistribute.ts';
export * from './smart.ts';
