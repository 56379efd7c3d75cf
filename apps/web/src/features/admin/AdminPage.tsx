import { Card, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import {
  IconApi,
  IconBuilding,
  IconFileUpload,
  IconHistory,
  IconLayoutKanban,
  IconSitemap,
  IconTargetArrow,
  IconUsers,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../../app/session';
import { PageHeader } from '../../app/ui';

export function AdminPage() {
  const me = useMe();
  const items = [
    {
      show: me.abilities.manageUsers,
      to: '/people',
      icon: IconUsers,
      title: 'Users',
      text: 'Add people with a temporary password, change roles, deactivate, reset passwords.',
    },
    {
      show: me.abilities.manageTeams,
      to: '/teams',
      icon: IconSitemap,
      title: 'Teams',
      text: 'Offices and their sales and marketing teams, leaders and dated memberships.',
    },
    {
      show: me.abilities.readAudit,
      to: '/admin/audit',
      icon: IconHistory,
      title: 'Audit log',
      text: 'Every change: who, what, when, and the record before and after.',
    },
    {
      // Everyone may read the pipelines; only administrators change them (the page knows which).
      show: true,
      to: '/admin/pipelines',
      icon: IconLayoutKanban,
      title: 'Pipelines',
      text:
        me.user.role === 'admin'
          ? 'The stages deals go through, their probabilities, and the default pipeline.'
          : 'The stages deals go through and their probabilities (read-only).',
    },
    {
      show: me.user.role === 'admin' || me.user.role === 'director',
      to: '/admin/import',
      icon: IconFileUpload,
      title: 'Import',
      text: 'CSV files of people and teams, accounts, contacts, products, deals and activities, from Salesforce, HubSpot, Pipedrive or a spreadsheet.',
    },
    {
      show: me.abilities.manageOrganisation,
      to: '/admin/organisation',
      icon: IconBuilding,
      title: 'Organisation',
      text: 'Name, currency, fiscal year and time zone.',
    },
    {
      show: me.abilities.manageOrganisation,
      to: '/admin/coaching-focus',
      icon: IconTargetArrow,
      title: 'Coaching focus',
      text: 'The skill the funnel diagnostics suggest coaching when a stage is someone’s weakest.',
    },
    {
      show: true,
      to: '/api/docs',
      icon: IconApi,
      title: 'API documentation',
      text: 'The REST API with interactive docs; create a token under My account.',
      external: true,
    },
  ];
  return (
    <>
      <PageHeader title="Admin" description="Set up and look after your organisation." />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} maw={1100}>
        {items
          .filter((item) => item.show)
          .map((item) => (
            <Card
              key={item.to}
              withBorder
              renderRoot={(props) =>
                item.external ? (
                  <a href={item.to} target="_blank" rel="noreferrer" {...props} />
                ) : (
                  <Link to={item.to} {...props} />
                )
              }
              style={{ textDecoration: 'none' }}
            >
              <ThemeIcon variant="light" size="lg" mb="sm">
                <item.icon size={20} />
              </ThemeIcon>
              <Text fw={600}>{item.title}</Text>
              <Text size="sm" c="dimmed">
                {item.text}
              </Text>
            </Card>
          ))}
      </SimpleGrid>
    </>
  );
}
