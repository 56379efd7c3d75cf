import { Badge, Card, List, Text } from '@mantine/core';
import { PageHeader } from '../../app/ui';

export interface ComingSoonProps {
  title: string;
  /** One sentence: what this section is for. */
  purpose: string;
  /** What it will let people do, from the product design. */
  plans: string[];
}

/** A section of the product that is not built yet says so plainly; no made-up figures. */
export function ComingSoonPage({ title, purpose, plans }: ComingSoonProps) {
  return (
    <>
      <PageHeader
        title={title}
        description={purpose}
        actions={
          <Badge variant="outline" color="gray">
            Not built yet
          </Badge>
        }
      />
      <Card withBorder maw={720}>
        <Text fw={600} mb="xs">
          This section is not built yet.
        </Text>
        <Text size="sm" c="dimmed" mb="sm">
          Nothing here is sample data. When it arrives it will let you:
        </Text>
        <List size="sm" spacing={4}>
          {plans.map((plan) => (
            <List.Item key={plan}>{plan}</List.Item>
          ))}
        </List>
      </Card>
    </>
  );
}

export const comingSoon: Record<string, ComingSoonProps> = {
  coaching: {
    title: 'Coaching',
    purpose: 'Act: one-to-ones with a frozen snapshot of the numbers, agreed actions and coaching plans.',
    plans: [
      'Run documented one-to-ones with the person’s figures frozen at the time of the meeting.',
      'Agree actions with owners and due dates, and review them next time.',
      'Keep coaching plans focused on the stage of the funnel where someone is stuck.',
    ],
  },
  recognition: {
    title: 'Recognition',
    purpose: 'Motivate: recognition, milestones, fair leaderboards and incentives.',
    plans: [
      'Give and receive recognition tied to real work.',
      'Celebrate milestones and show leaderboards that are fair to part-time people and new starters.',
      'Track intrinsic motivators (development, autonomy) beside incentives.',
    ],
  },
};
