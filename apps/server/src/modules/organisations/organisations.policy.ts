import { definePolicy, everyone, hasRole } from '../../platform/policy.ts';

export const organisationPolicy = definePolicy('organisation', {
  read: everyone,
  update: hasRole('admin'),
});
