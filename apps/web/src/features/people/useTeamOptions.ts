import { useQuery } from '@tanstack/react-query';
import { api, type Team, unwrap } from '../../api/client';

/** Every team the user may see (the server caps a page at 1,000; organisations have far fewer). */
export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: () => unwrap(api.GET('/api/teams', { params: { query: { limit: 1000 } } })),
  });
}

/** Select options for teams that can have members, labelled with their path (“Office › Team”). */
export function teamOptions(teams: Team[], filter: (t: Team) => boolean = (t) => t.type !== 'office') {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const pathOf = (t: Team): string => {
    const names = [t.name];
    let parent = t.parentId ? byId.get(t.parentId) : undefined;
    for (let depth = 0; parent && depth < 20; depth++) {
      names.unshift(parent.name);
      parent = parent.parentId ? byId.get(parent.parentId) : undefined;
    }
    return names.join(' › ');
  };
  return teams
    .filter(filter)
    .map((t) => ({ value: t.id, label: pathOf(t) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
