/**
 * Who may do what with corrective actions and observations, both personal records about one person.
 * The subject is that person (their current teams, from `ownerSubject`), plus, for an action, its
 * owner. A person's leaders (up the tree), directors and admins write them; a leader is never their
 * own leader, even when they sit in a team they lead. The person it is about reads it and, for an
 * action, may move its status (mark it done); so may the action's owner. Viewers and other members
 * read nothing: lists filter the same rule in SQL (actions.repository.ts `visibleActions`), so a
 * record outside it is "not found".
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

/** A corrective action's subject: the person it is about (`userId`, `teamIds`) and who carries it out. */
export interface ActionSubject extends Subject {
  ownerId?: string | null;
}

const isOwner: Rule = (actor, subject) =>
  'ownerId' in subject && !!subject.ownerId && subject.ownerId === actor.userId;

/** Leads the person (not themselves), or directs or administers the organisation. */
const leadsPerson: Rule = anyOf(hasRole('admin', 'director'), allOf(leadsTeamOf, not(isSelf)));

export const correctiveActionPolicy = definePolicy('corrective action', {
  read: anyOf(leadsPerson, isSelf, isOwner),
  /** Create an action about the person; change its title, kind, owner or due date. */
  update: leadsPerson,
  /** Move it between open, in progress, done and cancelled. */
  set_status: anyOf(leadsPerson, allOf(not(hasRole('viewer')), anyOf(isSelf, isOwner))),
  /** Measure the metric again and record whether it moved. */
  review: leadsPerson,
});

export type CorrectiveActionAction = (typeof correctiveActionPolicy.actions)[number];

export const observationPolicy = definePolicy('observation', {
  read: anyOf(leadsPerson, isSelf),
  write: leadsPerson,
});

export type ObservationAction = (typeof observationPolicy.actions)[number];
