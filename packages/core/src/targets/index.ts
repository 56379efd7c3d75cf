export * from './allocate.ts';
export * from './redistribute.ts';
export * from './smart.ts';
export * from './progress.ts';
