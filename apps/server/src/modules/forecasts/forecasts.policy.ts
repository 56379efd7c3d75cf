/**
 * Who may do what with forecasts. Everyone who works deals submits their own call (viewers are
 * read-only). A person's submissions, adjustments and track record: the person, their leaders up
 * the team tree, directors and admins. A team's totals are shared team data: everyone in the
 * organisation. The per-person lines of a team, its adjustments and its members' track records are
 * for the team's leaders up the tree, directors and admins, who are also the ones who adjust.
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

const leaderOrAbove = anyOf(leadsTeamOf, hasRole('admin', 'director'));

export const forecastPolicy = definePolicy('forecast', {
  /** Submit a forecast as the subject (always yourself). */
  submit: allOf(isSelf, not(hasRole('viewer'))),
  /** A person's submissions, adjustments, deals behind the figure and track record. */
  view_person: anyOf(isSelf, leaderOrAbove),
  /** Replace a person's (or a team's) figure with the leader's, with a note. Not your own call:
   * changing that is a new submission. */
  adjust: allOf(not(isSelf), leaderOrAbove),
  view_team: everyone,
  /** A team's lines per person, its adjustments, and its members' track records. */
  view_team_people: leaderOrAbove,
});

export type ForecastAction = (typeof forecastPolicy.actions)[number];
