/**
 * Periods on the Targets pages: the page's period (kept in the address by `usePeriod`), stepped
 * back and forth — forward too, since targets are set before their period starts — and the
 * editor's period field (a week, month, quarter or year; or the target's own dates).
 */
import { ActionIcon, Button, Group, Select, Stack, Text } from '@mantine/core';
import { type Period, parsePeriod } from '@pacesetter/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import {
  changeKind,
  currentPeriod,
  isCurrent,
  PERIOD_KINDS,
  periodName,
  periodRange,
  type SteppedKind,
  shiftPeriod,
  usePeriod,
} from '../../app/period';

/**
 * The page's period (`usePeriod`), written into the address when it is not there yet, so that a
 * link copied from the page keeps the period it shows.
 */
export function useAddressedPeriod(): [Period, (period: Period) => void] {
  const [period, setPeriod] = usePeriod();
  const [params] = useSearchParams();
  const missing = !params.get('period');
  useEffect(() => {
    if (missing) setPeriod(period);
  }, [missing, period, setPeriod]);
  return [period, setPeriod];
}

export function PeriodControl({
  period,
  onChange,
  label = 'Period',
}: {
  period: Period;
  onChange: (period: Period) => void;
  label?: string;
}) {
  const kind = (period.kind === 'custom' ? 'quarter' : period.kind) as SteppedKind;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label={label}
        allowDeselect={false}
        data={PERIOD_KINDS}
        value={kind}
        onChange={(v) => v && onChange(changeKind(period, v as SteppedKind))}
        w={110}
      />
      <Group gap={4} wrap="nowrap" aria-label={`${label}: choose`}>
        <ActionIcon
          variant="default"
          size="input-sm"
          aria-label="Previous period"
          onClick={() => onChange(shiftPeriod(period, -1))}
        >
          <IconChevronLeft size={16} />
        </ActionIcon>
        <Stack gap={0} miw={132} ta="center" px={4}>
          <Text fw={600} size="sm" lh={1.2} aria-live="polite" data-testid="period-name">
            {periodName(period)}
          </Text>
          <Text size="xs" c="dimmed" lh={1.2}>
            {periodRange(period)}
          </Text>
        </Stack>
        <ActionIcon
          variant="default"
          size="input-sm"
          aria-label="Next period"
          onClick={() => onChange(shiftPeriod(period, 1))}
        >
          <IconChevronRight size={16} />
        </ActionIcon>
      </Group>
      {!isCurrent(period) && (
        <Button variant="subtle" size="sm" onClick={() => onChange(currentPeriod(kind))}>
          This {kind}
        </Button>
      )}
    </Group>
  );
}

/** A period label as the editor holds it ("2026-Q4"), read back into a period; null if unreadable. */
export function periodOfLabel(label: string): Period | null {
  try {
    const p = parsePeriod(label);
    return p.kind === 'custom' ? null : p;
  } catch {
    return null;
  }
}
