import { definePolicy, hasRole } from '../../platform/policy.ts';

export const auditPolicy = definePolicy('audit log', {
  read: hasRole('admin'),
});
