export * from './audit.ts';
export * from './crm.ts';
export * from './imports.ts';
export * from './kpi.ts';
export * from './organisations.ts';
export * from './targets.ts';
export * from './teams.ts';
export * from './users.ts';
