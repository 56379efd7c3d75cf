import { Anchor, Badge, Card, Group, List, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { PageHeader } from '../../app/ui';
import { TargetsSummaryCard } from '../targets/TargetsSummaryCard';

function Step({ done, children }: { done: boolean; children: React.ReactNode }) {
  return (
    <List.Item
      icon={
        <ThemeIcon size={22} radius="xl" color={done ? 'teal' : 'gray'} variant={done ? 'filled' : 'light'}>
          {done ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
        </ThemeIcon>
      }
    >
      {children}
    </List.Item>
  );
}

export function DashboardPage() {
  const me = useMe();
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => unwrap(api.GET('/api/teams')) });
  const people = useQuery({
    queryKey: ['people', 'first-two'],
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { limit: 2 } } })),
  });
  const anyTarget = useQuery({
    queryKey: ['targets', 'any'],
    queryFn: () => unwrap(api.GET('/api/targets', { params: { query: { limit: 1 } } })),
  });
  const led = (teams.data?.items ?? []).filter((t) => me.ledTeamIds.includes(t.id));
  const teamCount = (teams.data?.items ?? []).filter((t) => t.type !== 'office').length;

  return (
    <>
      <PageHeader
        title={`Hello, ${me.user.name.split(' ')[0]}`}
        description="Where you and your team stand this quarter, and where your organisation stands today."
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} maw={1000}>
        <TargetsSummaryCard />
        <Card withBorder>
          <Text fw={600} mb="sm">
            You
          </Text>
          <Text size="sm">
            {me.user.title ? `${me.user.title}, ` : ''}
            {me.organisation.name}
          </Text>
          <Group gap="xs" mt="xs">
            <Badge variant="light">{me.user.role}</Badge>
          </Group>
          <Text size="sm" mt="md" c="dimmed">
            {led.length > 0 ? 'Teams you lead:' : 'You do not lead a team.'}
          </Text>
          {led.length > 0 && (
            <List size="sm" mt={4}>
              {led.map((t) => (
                <List.Item key={t.id}>
                  <Anchor component={Link} to={`/teams/${t.id}`}>
                    {t.name}
                  </Anchor>{' '}
                  · {t.memberCount} {t.memberCount === 1 ? 'member' : 'members'}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
        {(me.abilities.manageTeams || me.abilities.manageUsers) && (
          <Card withBorder>
            <Text fw={600} mb="sm">
              Setting up
            </Text>
            <List spacing="xs" size="sm" center>
              <Step done>Organisation created</Step>
              <Step done={teamCount > 0}>
                <Anchor component={Link} to="/teams">
                  Create your teams
                </Anchor>{' '}
                (offices group sales and marketing teams)
              </Step>
              <Step done={(people.data?.items.length ?? 0) > 1}>
                <Anchor component={Link} to="/people">
                  Add people
                </Anchor>{' '}
                with their role, FTE and start date
              </Step>
              <Step done={(anyTarget.data?.items.length ?? 0) > 0}>
                <Anchor component={Link} to="/targets">
                  Set your teams’ targets
                </Anchor>{' '}
                and cascade them to their people
              </Step>
            </List>
          </Card>
        )}
      </SimpleGrid>
    </>
  );
}
