/**
 * The caller's own forecast for the period: their latest call (and their leader's adjustment, if
 * any), a form to make a new call, and their deals in the period by forecast category, each total
 * opening the deals behind it.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Period } from '@pacesetter/core';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { hasEnded, periodName } from '../../app/period';
import { useMe } from '../../app/session';
import { ErrorAlert, FormError, formatDateTime } from '../../app/ui';
import { formatMoney } from '../pipeline/format';
import type { DealsBehind } from './DealsDrawer';
import {
  CATEGORIES,
  type DealFigures,
  forecastsKey,
  type PersonForecast,
  personForecastQuery,
} from './shared';

export function MyForecastCard({
  period,
  currency,
  onShowDeals,
}: {
  period: Period;
  currency: string;
  onShowDeals: (behind: DealsBehind) => void;
}) {
  const me = useMe();
  const mine = useQuery(personForecastQuery(me.user.id, period.label));
  const forecast = mine.data?.forecast;
  return (
    <Card withBorder component="section" aria-label="My forecast">
      <Title order={2} fz="h4" mb="sm">
        My forecast · {periodName(period)}
      </Title>
      <ErrorAlert error={mine.error} title="Could not load your forecast" />
      {mine.isPending && <Loader size="sm" aria-label="Loading your forecast" />}
      {forecast && (
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="md">
              <LatestCall forecast={forecast} period={period} currency={currency} />
              {me.user.role === 'viewer' ? (
                <Text size="sm" c="dimmed">
                  Viewers are read-only and make no forecast.
                </Text>
              ) : hasEnded(period) ? (
                <Text size="sm" c="dimmed">
                  {periodName(period)} has ended: a forecast is for a period still running or to come.
                </Text>
              ) : (
                <SubmitForecastForm period={period} currency={currency} latest={forecast.submitted} />
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Text fw={600} size="sm" mb={4}>
              My deals in {periodName(period)}
            </Text>
            <CategoryTable
              figures={forecast.deals}
              currency={currency}
              label="My deals by forecast category"
              onShow={(category, figure) =>
                onShowDeals({ subject: { personId: me.user.id }, name: me.user.name, category, figure })
              }
            />
          </Grid.Col>
        </Grid>
      )}
    </Card>
  );
}

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} fz="lg">
        {children}
      </Text>
    </div>
  );
}

function LatestCall({
  forecast,
  period,
  currency,
}: {
  forecast: PersonForecast;
  period: Period;
  currency: string;
}) {
  const { submitted, adjusted } = forecast;
  return (
    <Stack gap="xs" role="group" aria-label="My latest call">
      {submitted ? (
        <>
          <Group gap="xl">
            <Figure label="My call">{formatMoney(submitted.amount, currency)}</Figure>
            <Figure label="Best case">{formatMoney(submitted.bestCase, currency)}</Figure>
          </Group>
          <Text size="sm">
            {submitted.note ?? (
              <Text span c="dimmed">
                No note
              </Text>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            Submitted {formatDateTime(submitted.submittedAt)}
          </Text>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          You have not made a call for {periodName(period)} yet.
        </Text>
      )}
      {adjusted && (
        <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">
            {adjusted.adjustedBy.name} adjusted your forecast to{' '}
            <b>{formatMoney(adjusted.amount, currency)}</b> on {formatDateTime(adjusted.adjustedAt)}: “
            {adjusted.note}”
          </Text>
          {forecast.adjustedBeforeLatestSubmission && (
            <Text size="xs" c="dimmed" mt={4}>
              You have made a new call since; the adjustment still counts until they look again.
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}

function SubmitForecastForm({
  period,
  currency,
  latest,
}: {
  period: Period;
  currency: string;
  latest: PersonForecast['submitted'];
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    amount: '' as number | string,
    bestCase: '' as number | string,
    note: '',
  });
  const [missingAmount, setMissingAmount] = useState(false);
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/forecasts', {
          body: {
            period: period.label,
            amount: Number(form.amount),
            bestCase: form.bestCase === '' ? null : Number(form.bestCase),
            note: form.note.trim() || null,
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: forecastsKey });
      notifications.show({
        message: `Your forecast for ${periodName(period)} is ${formatMoney(saved.amount, currency)}.`,
      });
      setForm({ amount: '', bestCase: '', note: '' });
    },
  });
  const fields = submit.error instanceof ApiError ? submit.error.fieldErrors() : {};
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (form.amount === '') {
      setMissingAmount(true);
      return;
    }
    setMissingAmount(false);
    submit.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New call">
      <Stack gap="sm">
        <Text fw={600} size="sm">
          {latest ? 'Make a new call' : 'Make your call'}
        </Text>
        <FormError error={submit.error} title="Not submitted" />
        {fields.period && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" p="xs">
            {periodName(period)} {fields.period}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NumberInput
            label={`Amount (${currency})`}
            description="What you expect to win"
            required
            min={0}
            decimalScale={2}
            thousandSeparator=","
            value={form.amount}
            error={missingAmount ? 'enter the amount you expect to win' : fields.amount}
            onChange={(amount) => setForm({ ...form, amount })}
          />
          <NumberInput
            label={`Best case (${currency})`}
            description="If things go well"
            min={0}
            decimalScale={2}
            thousandSeparator=","
            value={form.bestCase}
            error={fields.bestCase}
            onChange={(bestCase) => setForm({ ...form, bestCase })}
          />
        </SimpleGrid>
        <Textarea
          label="Note"
          description="What the call rests on, for your leader"
          autosize
          minRows={2}
          maxRows={6}
          value={form.note}
          error={fields.note}
          onChange={(e) => setForm({ ...form, note: e.currentTarget.value })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={submit.isPending}>
            Submit forecast
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Deals and amounts per forecast category, and the cumulative commit and best case; each category
 * with deals opens the deals behind it.
 */
export function CategoryTable({
  figures,
  currency,
  label,
  onShow,
}: {
  figures: DealFigures;
  currency: string;
  label: string;
  onShow: (category: DealsBehind['category'], figure: { deals: number; amount: number }) => void;
}) {
  return (
    <>
      <Table verticalSpacing={6} aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Category</Table.Th>
            <Table.Th ta="right">Deals</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {CATEGORIES.map((c) => {
            const figure = figures.categories[c.value];
            return (
              <Table.Tr key={c.value}>
                <Table.Td>
                  <Badge variant="light" color={c.colour} title={c.hint}>
                    {c.label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{figure.deals}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {figure.deals > 0 ? (
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => onShow(c.value, figure)}
                      title={`Show the ${figure.deals === 1 ? 'deal' : `${figure.deals} deals`}`}
                    >
                      {formatMoney(figure.amount, currency)}
                    </Anchor>
                  ) : (
                    formatMoney(figure.amount, currency)
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Td colSpan={2}>
              <Text size="sm" fw={600}>
                Commit
              </Text>
              <Text size="xs" c="dimmed">
                closed + commit
              </Text>
            </Table.Td>
            <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(figures.commit, currency)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td colSpan={2}>
              <Text size="sm" fw={600}>
                Best case
              </Text>
              <Text size="xs" c="dimmed">
                closed + commit + best case
              </Text>
            </Table.Td>
            <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(figures.bestCase, currency)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td colSpan={2}>
              <Text size="sm">Weighted open pipeline</Text>
              <Text size="xs" c="dimmed">
                open deals × their stage’s probability
              </Text>
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(figures.weightedOpen, currency)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      {figures.otherCurrencyDeals > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {figures.otherCurrencyDeals} {figures.otherCurrencyDeals === 1 ? 'deal is' : 'deals are'} in another
          currency than {currency}: listed with the deals, left out of these sums.
        </Text>
      )}
    </>
  );
}
