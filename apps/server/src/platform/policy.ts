/**
 * The policy layer's building blocks. Each module's `<feature>.policy.ts` maps its typed actions to
 * rules composed from these predicates, so "who may do what" reads as one table per module and is
 * tested as a matrix (role × action × own / team / other team / other organisation).
 */
import type { Actor, Role } from './actor.ts';
import { Forbidden, NotFound } from './errors.ts';

/** What a rule may look at: the resource's organisation, and optionally whose and which teams'. */
export interface Subject {
  orgId: string;
  /** The person the record belongs to (a user record: the user; a target: its owner). */
  userId?: string | null;
  /** The teams the record (or its person) belongs to, for team-tree scope. */
  teamIds?: readonly string[];
}

export type Rule = (actor: Actor, subject: Subject) => boolean;

export const hasRole =
  (...roles: Role[]): Rule =>
  (actor) =>
    roles.includes(actor.role);

export const isSelf: Rule = (actor, subject) => !!subject.userId && subject.userId === actor.userId;

/** The actor leads (directly or up the tree) one of the subject's teams. */
export const leadsTeamOf: Rule = (actor, subject) =>
  actor.role !== 'viewer' && (subject.teamIds ?? []).some((id) => actor.ledTeamIds.has(id));

export const anyOf =
  (...rules: Rule[]): Rule =>
  (actor, subject) =>
    rules.some((r) => r(actor, subject));

export const allOf =
  (...rules: Rule[]): Rule =>
  (actor, subject) =>
    rules.every((r) => r(actor, subject));

export const not =
  (rule: Rule): Rule =>
  (actor, subject) =>
    !rule(actor, subject);

export const everyone: Rule = () => true;

export interface Policy<A extends string> {
  readonly actions: readonly A[];
  can(actor: Actor, action: A, subject: Subject): boolean;
  /** Throws NotFound for another organisation's record (never confirm it exists), Forbidden otherwise. */
  authorize(actor: Actor, action: A, subject: Subject): void;
  /** Every action's answer, sent to the client so the UI hides what the user cannot do. */
  abilities(actor: Actor, subject: Subject): Record<A, boolean>;
}

export function definePolicy<A extends string>(entity: string, rules: Record<A, Rule>): Policy<A> {
  const actions = Object.keys(rules) as A[];
  const can = (actor: Actor, action: A, subject: Subject) =>
    subject.orgId === actor.orgId && rules[action](actor, subject);
  return {
    actions,
    can,
    authorize(actor, action, subject) {
      if (subject.orgId !== actor.orgId) throw new NotFound(entity);
      if (!rules[action](actor, subject))
        throw new Forbidden(`You are not allowed to ${action.replace(/[._]/g, ' ')}`);
    },
    abilities(actor, subject) {
      return Object.fromEntries(actions.map((a) => [a, can(actor, a, subject)])) as Record<A, boolean>;
    },
  };
}
