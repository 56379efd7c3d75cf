/**
 * Who may do what with CRM records (accounts, contacts, deals, activities). Reading is scoped in
 * SQL (crm.scope.ts): a member sees their own records and those of their current teammates, a
 * leader also their team tree's, directors, admins and viewers the whole organisation. These rules
 * decide the writes, on a record that is already visible.
 */
import { anyOf, definePolicy, hasRole, isSelf, leadsTeamOf, not } from '../../platform/policy.ts';

const worker = not(hasRole('viewer'));

export const crmPolicy = definePolicy('record', {
  /** Create a record owned by the subject (yourself, or someone in a team you lead). */
  create: anyOf(hasRole('admin', 'director'), (a, s) => worker(a, s) && isSelf(a, s), leadsTeamOf),
  /** Edit it, move its stage, log objections on it. (Anyone who can see a deal may log their own
   * activity against it: a teammate who joined a call records their own work.) */
  update: anyOf(hasRole('admin', 'director'), (a, s) => worker(a, s) && isSelf(a, s), leadsTeamOf),
  /** Give it to someone else; its history stays. */
  reassign: anyOf(hasRole('admin', 'director'), leadsTeamOf),
  delete: anyOf(hasRole('admin', 'director'), leadsTeamOf),
});

export type CrmAction = (typeof crmPolicy.actions)[number];

/** Pipelines and stages shape everyone's numbers: admins configure them. */
export const pipelinePolicy = definePolicy('pipeline', {
  read: () => true,
  manage: hasRole('admin'),
});

/** The product catalogue is the organisation's: everyone reads it, admins and directors keep it. */
export const productPolicy = definePolicy('product', {
  read: () => true,
  manage: hasRole('admin', 'director'),
});
