import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { FormError } from '../../app/ui';
import { ProductPicker } from '../crm/ProductPicker';
import { useOrganisationCurrency } from '../crm/shared';
import { PersonPicker } from '../people/PersonPicker';
import { AccountPicker } from './AccountPicker';
import { formatPrice } from './format';

type Pipeline = Schemas['Pipeline'];

/**
 * A new deal: what, for whom, how much, when, and where it starts in the pipeline. Choosing a product
 * with a list price fills an empty amount with it (and keeps following the product until the amount
 * is typed).
 */
export function DealFormModal({
  pipeline,
  onClose,
  onCreated,
}: {
  pipeline: Pipeline;
  onClose: () => void;
  onCreated?: (deal: Schemas['Deal']) => void;
}) {
  const me = useMe();
  const queryClient = useQueryClient();
  const orgCurrency = useOrganisationCurrency();
  const openStages = pipeline.stages.filter((s) => s.kind === 'open');
  const [form, setForm] = useState({
    name: '',
    accountId: null as string | null,
    productId: null as string | null,
    amount: '' as number | string,
    currency: '',
    expectedCloseDate: '',
    stageId: openStages[0]?.id ?? null,
    ownerId: me.user.id as string | null,
    source: '',
  });
  const [listPrice, setListPrice] = useState<number | null>(null);
  // The amount came from the chosen product's list price and has not been typed since.
  const [amountFromProduct, setAmountFromProduct] = useState(false);
  // List prices are in the organisation's currency: no use for a deal in another one.
  const inOrgCurrency = !form.currency || form.currency.toUpperCase() === orgCurrency;
  const chooseProduct = (productId: string | null, price: number | null) => {
    setListPrice(price);
    const fill = price !== null && inOrgCurrency && (form.amount === '' || amountFromProduct);
    setForm({ ...form, productId, ...(fill && { amount: price }) });
    if (fill) setAmountFromProduct(true);
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/deals', {
          body: {
            name: form.name,
            pipelineId: pipeline.id,
            stageId: form.stageId ?? undefined,
            accountId: form.accountId,
            productId: form.productId,
            amount: form.amount === '' ? null : Number(form.amount),
            ...(form.currency && { currency: form.currency.toUpperCase() }),
            expectedCloseDate: form.expectedCloseDate || null,
            ownerId: form.ownerId ?? undefined,
            source: form.source || null,
          },
        }),
      ),
    onSuccess: (deal) => {
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      queryClient.invalidateQueries({ queryKey: ['accounts'] });
      // Products count their open deals.
      queryClient.invalidateQueries({ queryKey: ['products'] });
      onCreated?.(deal);
      onClose();
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const canAssign = me.user.role !== 'member';
  return (
    <Modal opened onClose={onClose} title="New deal" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={create.error} title="Not created" />
          <TextInput
            label="Deal name"
            required
            data-autofocus
            placeholder="e.g. Acme — 40 seats"
            value={form.name}
            error={fields.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <AccountPicker
            label="Account"
            placeholder="Search accounts"
            value={form.accountId}
            error={fields.accountId}
            onChange={(accountId) => setForm({ ...form, accountId })}
          />
          <ProductPicker
            label="Product"
            placeholder="Search products"
            description={listPrice !== null ? `List price ${formatPrice(listPrice, orgCurrency)}` : undefined}
            value={form.productId}
            error={fields.productId}
            onChange={(productId, product) => chooseProduct(productId, product?.listPrice ?? null)}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="Amount"
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={form.amount}
              error={fields.amount}
              onChange={(amount) => {
                setForm({ ...form, amount });
                setAmountFromProduct(false);
              }}
            />
            <TextInput
              label="Currency"
              placeholder="organisation’s"
              maxLength={3}
              value={form.currency}
              error={fields.currency}
              onChange={(e) => setForm({ ...form, currency: e.currentTarget.value })}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Expected close date"
              type="date"
              value={form.expectedCloseDate}
              error={fields.expectedCloseDate}
              onChange={(e) => setForm({ ...form, expectedCloseDate: e.currentTarget.value })}
            />
            <Select
              label="Stage"
              allowDeselect={false}
              data={openStages.map((s) => ({ value: s.id, label: `${s.name} (${s.probability}%)` }))}
              value={form.stageId}
              error={fields.stageId}
              onChange={(stageId) => setForm({ ...form, stageId })}
            />
          </Group>
          <Group grow align="flex-start">
            {canAssign && (
              <PersonPicker
                label="Owner"
                initialLabel={`${me.user.name} (${me.user.email})`}
                value={form.ownerId}
                error={fields.ownerId}
                onChange={(ownerId) => setForm({ ...form, ownerId })}
              />
            )}
            <TextInput
              label="Source"
              placeholder="e.g. webinar, referral"
              value={form.source}
              error={fields.source}
              onChange={(e) => setForm({ ...form, source: e.currentTarget.value })}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create deal
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
