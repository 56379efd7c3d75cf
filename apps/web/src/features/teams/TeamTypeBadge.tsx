import { Badge } from '@mantine/core';
import type { Team } from '../../api/client';

const colours: Record<Team['type'], string> = { office: 'gray', sales: 'blue', marketing: 'orange' };

export function TeamTypeBadge({ type }: { type: Team['type'] }) {
  return (
    <Badge color={colours[type]} variant="light">
      {type}
    </Badge>
  );
}
