/**
 * Who may do what with objectives and targets. Objectives are the organisation's strategy: everyone
 * reads them, directors and admins write them. A team's target is shared team data that everyone
 * in the organisation reads; a person's target is a personal record, read by the person, their
 * leaders up the tree, directors and admins. Targets are set (created, edited, published, cascaded,
 * redistributed, closed) by the owner's leaders up the tree, directors and admins — a leader sets
 * their team's target and their people's, never their own. The person acknowledges their target; a
 * team's target is acknowledged by the team's leader. Lists filter the same rule in SQL
 * (targets.repository.ts `visibleTargets`), so a target outside it is "not found".
 */
import {
  allOf,
  anyOf,
  definePolicy,
  hasRole,
  isSelf,
  leadsTeamOf,
  not,
  type Rule,
  type Subject,
} from '../../platform/policy.ts';

/** A target's subject: its owner (a person with their current teams, or a team with its leader). */
export interface TargetSubject extends Subject {
  ownerKind: 'person' | 'team';
  /** For a team target: the team's leader. */
  leaderId?: string | null;
  /** A draft is seen only by those who set targets for its owner. */
  draft?: boolean;
}

const isTeamTarget: Rule = (_actor, subject) => (subject as TargetSubject).ownerKind === 'team';
const isDraft: Rule = (_actor, subject) => !!(subject as TargetSubject).draft;
const leadsThisTeam: Rule = (actor, subject) =>
  isTeamTarget(actor, subject) && !!actor.userId && (subject as TargetSubject).leaderId === actor.userId;

/** Leads the owner (not themselves), or directs or administers the organisation. */
const setsTargetsFor: Rule = anyOf(hasRole('admin', 'director'), allOf(leadsTeamOf, not(isSelf)));

export const targetPolicy = definePolicy('target', {
  read: anyOf(setsTargetsFor, allOf(not(isDraft), anyOf(isTeamTarget, isSelf, leadsTeamOf))),
  /** Create, edit, publish, close, cascade and redistribute. */
  set: setsTargetsFor,
  acknowledge: allOf(not(hasRole('viewer')), anyOf(allOf(not(isTeamTarget), isSelf), leadsThisTeam)),
});

export type TargetAction = (typeof targetPolicy.actions)[number];

export const objectivePolicy = definePolicy('objective', {
  read: () => true,
  write: hasRole('admin', 'director'),
});

export type ObjectiveAction = (typeof objectivePolicy.actions)[number];
