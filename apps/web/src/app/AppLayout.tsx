import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Center,
  Group,
  Loader,
  Menu,
  NavLink,
  Text,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChartLine, IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { api, unwrap } from '../api/client';
import { useLogout } from '../features/auth/useLogout';
import { isActive, navItems } from './nav';
import { useMe } from './session';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

/** Header, navigation and the page: every logged-in screen sits in this frame. */
export function AppLayout() {
  const me = useMe();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const logout = useLogout();
  // Targets set or changed for you and not yet acknowledged: how a change reaches the person.
  const waiting = useQuery({
    queryKey: ['targets', 'waiting', me.user.id],
    queryFn: () =>
      unwrap(
        api.GET('/api/targets', {
          params: { query: { personId: me.user.id, status: 'published', limit: 50 } },
        }),
      ),
    staleTime: 60_000,
  });
  const waitingCount = waiting.data?.items.length ?? 0;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }} aria-label="Pacesetter home">
              <Group gap={8} wrap="nowrap">
                <ThemeIcon radius="md">
                  <IconChartLine size={18} />
                </ThemeIcon>
                <Text fw={700}>Pacesetter</Text>
              </Group>
            </Link>
            <Text c="dimmed" size="sm" visibleFrom="xs" truncate>
              {me.organisation.name}
            </Text>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label="Account menu">
                <Group gap={8} wrap="nowrap">
                  <Avatar size="sm" radius="xl" color="blue">
                    {initials(me.user.name)}
                  </Avatar>
                  <Text size="sm" visibleFrom="xs">
                    {me.user.name}
                  </Text>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>
                {me.user.email} · {me.user.role}
              </Menu.Label>
              <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} />}>
                My account
              </Menu.Item>
              <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()}>
                Log out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {navItems
          .filter((item) => item.visible?.(me) ?? true)
          .map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={18} stroke={1.6} />}
              rightSection={
                item.to === '/targets' && waitingCount > 0 ? (
                  <Badge size="sm" circle color="orange" aria-hidden>
                    {waitingCount}
                  </Badge>
                ) : undefined
              }
              aria-description={
                item.to === '/targets' && waitingCount > 0
                  ? `${waitingCount} waiting for your acknowledgement`
                  : undefined
              }
              active={isActive(item, pathname)}
              aria-current={isActive(item, pathname) ? 'page' : undefined}
              onClick={close}
            />
          ))}
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
