/**
 * Who sees which figures. A person's own figures: the person, their leaders up the team tree,
 * directors and admins. A team's totals are shared team data: everyone in the organisation. The
 * per-person breakdown of a team (and its flags and funnel per person) is for the team's leaders up
 * the tree, directors and admins. The coaching focus per stage is the organisation's setting (admins).
 */
import { anyOf, definePolicy, everyone, hasRole, isSelf, leadsTeamOf } from '../../platform/policy.ts';

export const kpiPolicy = definePolicy('person', {
  view_person: anyOf(isSelf, leadsTeamOf, hasRole('admin', 'director')),
  view_team: everyone,
  view_team_people: anyOf(leadsTeamOf, hasRole('admin', 'director')),
});

export type KpiAction = (typeof kpiPolicy.actions)[number];
