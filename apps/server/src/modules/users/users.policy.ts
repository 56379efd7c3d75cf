/**
 * People. The directory (name, role, team) is shared with the whole organisation; capacity (FTE,
 * start date, leave) is personal: the person, their leaders up the team tree, directors and admins.
 */
import {
  allOf,
  anyOf,
  definePolicy,
  everyone,
  hasRole,
  isSelf,
  leadsTeamOf,
  not,
} from '../../platform/policy.ts';

export const userPolicy = definePolicy('user', {
  read: everyone,
  read_capacity: anyOf(isSelf, leadsTeamOf, hasRole('admin', 'director')),
  update_profile: anyOf(isSelf, hasRole('admin')),
  update_capacity: anyOf(leadsTeamOf, hasRole('admin', 'director')),
  create: hasRole('admin'),
  change_role: allOf(hasRole('admin'), not(isSelf)),
  deactivate: allOf(hasRole('admin'), not(isSelf)),
  reset_password: allOf(hasRole('admin'), not(isSelf)),
});

export type UserAction = (typeof userPolicy.actions)[number];
