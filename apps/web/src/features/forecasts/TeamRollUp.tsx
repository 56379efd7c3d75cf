/**
 * A team's forecast as a tree: the team, its sub-teams and (for its leaders, directors and admins)
 * each person, with what was submitted, what a leader adjusted (note, who and when on hover or
 * tap), the figure that counts, and the deals behind it by category. Everyone else sees the teams'
 * totals only, as the server sends them.
 */
import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Popover,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { type CSSProperties, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/ui';
import { formatMoney } from '../pipeline/format';
import type { AdjustTarget } from './AdjustForecastModal';
import type { DealsBehind } from './DealsDrawer';
import {
  type Adjustment,
  CATEGORIES,
  type DealFigures,
  Missing,
  type PersonForecast,
  type TeamForecast,
} from './shared';

const INDENT = 16;
const nowrap: CSSProperties = { whiteSpace: 'nowrap' };

/**
 * The first column stays in view when the figures scroll sideways (on a phone, or a deep tree), so
 * every figure can be read against its team or person.
 */
function stickyCell(background?: string): CSSProperties {
  return {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    minWidth: 180,
    maxWidth: 220,
    background: background ?? 'var(--mantine-color-body)',
    boxShadow: 'inset -1px 0 0 var(--mantine-color-default-border)',
  };
}

const rootBackground = (team: TeamForecast) => (team.depth === 0 ? 'var(--mantine-color-gray-0)' : undefined);

export function TeamRollUp({
  teams,
  currency,
  onShowDeals,
  onAdjust,
}: {
  /** As the server sends them: the team asked for first, then its sub-teams depth first. */
  teams: TeamForecast[];
  currency: string;
  onShowDeals: (behind: DealsBehind) => void;
  onAdjust: (target: AdjustTarget) => void;
}) {
  const byId = new Map(teams.map((t) => [t.teamId, t]));
  // Open at first: the team and its sub-teams; deeper branches open on demand.
  const [collapsed, setCollapsed] = useState<Set<string>>(
    () =>
      new Set(
        teams
          .filter((t) => t.depth >= 1 && t.subTeamIds.length + (t.members?.length ?? 0) > 0)
          .map((t) => t.teamId),
      ),
  );
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const anyAdjust = teams.some((t) => t.can.adjust || t.members?.some((m) => m.can.adjust));
  const money = (n: number | null | undefined) => formatMoney(n, currency);

  const rows: ReactNode[] = [];
  const walk = (team: TeamForecast) => {
    const open = !collapsed.has(team.teamId);
    rows.push(
      <TeamRow
        key={`team-${team.teamId}`}
        team={team}
        open={open}
        onToggle={() => toggle(team.teamId)}
        money={money}
        anyAdjust={anyAdjust}
        onShowDeals={onShowDeals}
        onAdjust={onAdjust}
      />,
    );
    if (!open) return;
    for (const person of team.members ?? []) {
      rows.push(
        <PersonRow
          key={`person-${team.teamId}-${person.personId}`}
          person={person}
          depth={team.depth + 1}
          money={money}
          anyAdjust={anyAdjust}
          onShowDeals={onShowDeals}
          onAdjust={onAdjust}
        />,
      );
    }
    for (const id of team.subTeamIds) {
      const sub = byId.get(id);
      if (sub) walk(sub);
    }
  };
  const root = teams[0];
  if (root) walk(root);

  return (
    <Table.ScrollContainer minWidth={anyAdjust ? 960 : 880}>
      <Table verticalSpacing="xs" horizontalSpacing="xs" aria-label="Team forecast">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={stickyCell()}>Team or person</Table.Th>
            <Table.Th ta="right" style={nowrap}>
              Submitted
            </Table.Th>
            <Table.Th ta="right" style={nowrap}>
              Adjusted
            </Table.Th>
            <Table.Th ta="right" style={nowrap}>
              Effective
            </Table.Th>
            {CATEGORIES.map((c) => (
              <Table.Th key={c.value} ta="right" style={nowrap}>
                <Tooltip label={c.hint} multiline w={240} withArrow>
                  <Text span size="sm" fw={700} style={{ cursor: 'help' }}>
                    {c.label}
                  </Text>
                </Tooltip>
              </Table.Th>
            ))}
            {anyAdjust && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{rows}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type Money = (n: number | null | undefined) => string;

/** +€5,000, −€5,000, ±€0. */
function signed(n: number, money: Money): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${money(Math.abs(n))}`;
}

function TeamRow({
  team,
  open,
  onToggle,
  money,
  anyAdjust,
  onShowDeals,
  onAdjust,
}: {
  team: TeamForecast;
  open: boolean;
  onToggle: () => void;
  money: Money;
  anyAdjust: boolean;
  onShowDeals: (behind: DealsBehind) => void;
  onAdjust: (target: AdjustTarget) => void;
}) {
  const hasChildren = team.subTeamIds.length > 0 || (team.members?.length ?? 0) > 0;
  return (
    <Table.Tr data-team={team.name} style={{ background: rootBackground(team) }}>
      <Table.Td style={stickyCell(rootBackground(team))}>
        <Group gap={4} wrap="nowrap" pl={team.depth * INDENT}>
          {hasChildren ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={onToggle}
              aria-expanded={open}
              aria-label={`${open ? 'Collapse' : 'Expand'} ${team.name}`}
            >
              {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            </ActionIcon>
          ) : (
            <Box w={22} />
          )}
          <Stack gap={0}>
            <Anchor component={Link} to={`/teams/${team.teamId}`} size="sm" fw={700}>
              {team.name}
            </Anchor>
            <Text size="xs" c="dimmed" lh={1.3}>
              {team.people} {team.people === 1 ? 'person' : 'people'}
              {team.withoutForecast > 0 && `, ${team.withoutForecast} without a forecast`}
            </Text>
          </Stack>
        </Group>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {money(team.submitted)}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {team.adjusted ? (
          <AdjustedFigure
            amount={team.effective}
            adjustment={team.adjustment}
            money={money}
            detail={`Replaces the ${money(team.rolledUp)} its lines add up to.`}
            extra={
              team.difference !== null && (
                <Text size="xs" c="dimmed" title={`On the ${money(team.rolledUp)} its lines add up to`}>
                  {signed(team.difference, money)}
                </Text>
              )
            }
            label={`${team.name}’s adjustment`}
          />
        ) : (
          <Missing />
        )}
      </Table.Td>
      <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }} data-figure="effective">
        {money(team.effective)}
      </Table.Td>
      <CategoryCells
        figures={team.deals}
        money={money}
        onShow={
          team.canSeePeople
            ? (category, figure) =>
                onShowDeals({ subject: { teamId: team.teamId }, name: team.name, category, figure })
            : undefined
        }
      />
      {anyAdjust && (
        <Table.Td>
          {team.can.adjust && (
            <Button
              size="compact-xs"
              variant="default"
              aria-label={`Adjust ${team.name}`}
              onClick={() =>
                onAdjust({
                  kind: 'team',
                  teamId: team.teamId,
                  name: team.name,
                  rolledUp: team.rolledUp,
                  effective: team.effective,
                  adjustment: team.adjustment,
                })
              }
            >
              Adjust
            </Button>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function PersonRow({
  person,
  depth,
  money,
  anyAdjust,
  onShowDeals,
  onAdjust,
}: {
  person: PersonForecast;
  depth: number;
  money: Money;
  anyAdjust: boolean;
  onShowDeals: (behind: DealsBehind) => void;
  onAdjust: (target: AdjustTarget) => void;
}) {
  const { submitted, adjusted } = person;
  return (
    <Table.Tr data-person={person.name}>
      <Table.Td style={stickyCell()}>
        <Group gap={4} wrap="nowrap" pl={depth * INDENT + 26}>
          <Anchor component={Link} to={`/people/${person.personId}`} size="sm">
            {person.name}
          </Anchor>
        </Group>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {submitted ? (
          <Detail trigger={money(submitted.amount)} label={`${person.name}’s call`}>
            <Text size="sm">Best case: {money(submitted.bestCase)}</Text>
            <Text size="sm" mt={4}>
              {submitted.note ?? <Missing>No note</Missing>}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              Submitted {formatDateTime(submitted.submittedAt)}
            </Text>
          </Detail>
        ) : (
          <Missing>no call</Missing>
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {adjusted ? (
          <AdjustedFigure
            amount={adjusted.amount}
            adjustment={adjusted}
            money={money}
            label={`${person.name}’s adjustment`}
            extra={
              person.adjustedBeforeLatestSubmission && (
                <Tooltip
                  label="They made a new call after this adjustment; it still counts"
                  multiline
                  w={220}
                >
                  <Badge
                    size="xs"
                    color="yellow"
                    variant="light"
                    leftSection={<IconAlertTriangle size={10} />}
                  >
                    new call since
                  </Badge>
                </Tooltip>
              )
            }
          />
        ) : (
          <Missing />
        )}
      </Table.Td>
      <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }} data-figure="effective">
        {person.effective === null ? <Missing>none</Missing> : money(person.effective)}
      </Table.Td>
      <CategoryCells
        figures={person.deals}
        money={money}
        onShow={(category, figure) =>
          onShowDeals({ subject: { personId: person.personId }, name: person.name, category, figure })
        }
      />
      {anyAdjust && (
        <Table.Td>
          {person.can.adjust && (
            <Button
              size="compact-xs"
              variant="default"
              aria-label={`Adjust ${person.name}`}
              onClick={() =>
                onAdjust({
                  kind: 'person',
                  personId: person.personId,
                  name: person.name,
                  submitted: submitted?.amount ?? null,
                  effective: person.effective,
                  adjustment: adjusted,
                })
              }
            >
              Adjust
            </Button>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function CategoryCells({
  figures,
  money,
  onShow,
}: {
  figures: DealFigures;
  money: Money;
  /** Absent when the caller may not list these deals. */
  onShow?: (category: DealsBehind['category'], figure: { deals: number; amount: number }) => void;
}) {
  return (
    <>
      {CATEGORIES.map((c) => {
        const figure = figures.categories[c.value];
        return (
          <Table.Td key={c.value} ta="right" style={{ whiteSpace: 'nowrap' }}>
            {figure.deals > 0 && onShow ? (
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => onShow(c.value, figure)}
                title={`${figure.deals} ${figure.deals === 1 ? 'deal' : 'deals'}: show them`}
              >
                {money(figure.amount)}
              </Anchor>
            ) : figure.amount === 0 ? (
              <Missing>{money(0)}</Missing>
            ) : (
              money(figure.amount)
            )}
          </Table.Td>
        );
      })}
    </>
  );
}

function AdjustedFigure({
  amount,
  adjustment,
  money,
  label,
  detail,
  extra,
}: {
  amount: number;
  /** Null when the caller may not read the team's adjustment note. */
  adjustment: Adjustment | null;
  money: Money;
  label: string;
  /** A line more for the details. */
  detail?: string;
  extra?: ReactNode;
}) {
  return (
    <Stack gap={0} align="flex-end">
      {adjustment ? (
        <Detail trigger={money(amount)} label={label}>
          <Text size="sm">“{adjustment.note}”</Text>
          <Text size="xs" c="dimmed" mt={4}>
            {adjustment.adjustedBy.name}, {formatDateTime(adjustment.adjustedAt)}
          </Text>
          {detail && (
            <Text size="xs" c="dimmed" mt={4}>
              {detail}
            </Text>
          )}
        </Detail>
      ) : (
        <Text size="sm">{money(amount)}</Text>
      )}
      {extra}
    </Stack>
  );
}

/**
 * A figure whose details (a note, who and when) show on hover, and on a tap or Enter for touch
 * screens and keyboards.
 */
function Detail({ trigger, label, children }: { trigger: string; label: string; children: ReactNode }) {
  const [opened, { open, close, toggle }] = useDisclosure(false);
  return (
    <Popover opened={opened} onDismiss={close} position="bottom-end" withArrow shadow="md" width={280}>
      <Popover.Target>
        <UnstyledButton
          onMouseEnter={open}
          onMouseLeave={close}
          onClick={toggle}
          aria-label={`${label}: ${trigger}, details`}
          fz="sm"
          style={{ borderBottom: '1px dotted var(--mantine-color-dimmed)' }}
        >
          {trigger}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown role="dialog" aria-label={label}>
        {children}
      </Popover.Dropdown>
    </Popover>
  );
}
