/** Teams: everyone sees the structure; directors and admins shape it; leaders staff their own tree. */
import { anyOf, definePolicy, everyone, hasRole, leadsTeamOf } from '../../platform/policy.ts';

export const teamPolicy = definePolicy('team', {
  read: everyone,
  create: hasRole('admin', 'director'),
  update: hasRole('admin', 'director'),
  archive: hasRole('admin', 'director'),
  manage_members: anyOf(hasRole('admin', 'director'), leadsTeamOf),
});

export type TeamAction = (typeof teamPolicy.actions)[number];
