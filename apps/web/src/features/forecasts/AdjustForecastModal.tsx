/**
 * A leader's adjustment of a person's forecast or a team's total: the figure that replaces theirs,
 * and a note saying why (required), shown beside the figure from then on.
 */
import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { periodName } from '../../app/period';
import { FormError, formatDateTime } from '../../app/ui';
import { formatMoney } from '../pipeline/format';
import { type Adjustment, forecastsKey } from './shared';

export type AdjustTarget =
  | {
      kind: 'person';
      personId: string;
      name: string;
      /** Their own latest call, if any. */
      submitted: number | null;
      effective: number | null;
      adjustment: Adjustment | null;
    }
  | {
      kind: 'team';
      teamId: string;
      name: string;
      /** The sum of its members' and sub-teams' figures. */
      rolledUp: number;
      effective: number;
      adjustment: Adjustment | null;
    };

export function AdjustForecastModal({
  target,
  period,
  currency,
  onClose,
}: {
  target: AdjustTarget;
  period: { label: string; kind: string };
  currency: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ amount: (target.effective ?? '') as number | string, note: '' });
  const [missingAmount, setMissingAmount] = useState(false);
  const whose = target.kind === 'person' ? `${target.name}’s forecast` : `${target.name}’s total`;
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/forecasts/adjustments', {
          body: {
            period: period.label,
            ...(target.kind === 'person' ? { personId: target.personId } : { teamId: target.teamId }),
            amount: Number(form.amount),
            note: form.note,
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: forecastsKey });
      notifications.show({ message: `${whose} is now ${formatMoney(saved.amount, currency)}.` });
      onClose();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const forbidden = save.error instanceof ApiError && save.error.status === 403;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.amount === '') {
      setMissingAmount(true);
      return;
    }
    setMissingAmount(false);
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={`Adjust ${whose}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {periodName(period)}. Your figure replaces{' '}
            {target.kind === 'person'
              ? 'theirs in the roll-up; their own call stays on record'
              : 'the sum of its lines'}
            .
          </Text>
          <SimpleGrid cols={2} spacing="xs">
            {target.kind === 'person' ? (
              <Current label="Their call">{formatMoney(target.submitted, currency)}</Current>
            ) : (
              <Current label="Rolled up">{formatMoney(target.rolledUp, currency)}</Current>
            )}
            <Current label="Counts now">{formatMoney(target.effective, currency)}</Current>
          </SimpleGrid>
          {target.adjustment && (
            <Text size="xs" c="dimmed">
              Last adjusted to {formatMoney(target.adjustment.amount, currency)} by{' '}
              {target.adjustment.adjustedBy.name}, {formatDateTime(target.adjustment.adjustedAt)}: “
              {target.adjustment.note}”
            </Text>
          )}
          {forbidden ? (
            <Alert
              color="red"
              icon={<IconAlertCircle size={18} />}
              title="You cannot adjust this"
              role="alert"
            >
              Only the leaders above {target.name}, directors and admins adjust this forecast.
            </Alert>
          ) : (
            <FormError error={save.error} title="Not saved" />
          )}
          {fields.period && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" p="xs">
              {periodName(period)} {fields.period}
            </Alert>
          )}
          <NumberInput
            label={`New figure (${currency})`}
            required
            data-autofocus
            min={0}
            decimalScale={2}
            thousandSeparator=","
            value={form.amount}
            error={missingAmount ? 'enter the figure that should count' : fields.amount}
            onChange={(amount) => setForm({ ...form, amount })}
          />
          <Textarea
            label="Why"
            description={
              target.kind === 'person'
                ? 'Shown beside the figure, to them and to their leaders'
                : 'Shown beside the figure, to the team’s leaders, directors and admins'
            }
            required
            autosize
            minRows={2}
            maxRows={6}
            value={form.note}
            error={fields.note}
            onChange={(e) => setForm({ ...form, note: e.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={forbidden}>
              Save adjustment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Current({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600}>{children}</Text>
    </div>
  );
}
