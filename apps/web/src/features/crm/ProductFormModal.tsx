import { Alert, Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { ConflictAlert, FormError } from '../../app/ui';
import { type Product, productQuery } from './ProductPicker';
import { useOrganisationCurrency } from './shared';

type Form = ReturnType<typeof formFrom>;

function formFrom(product: Product | undefined) {
  return {
    name: product?.name ?? '',
    series: product?.series ?? '',
    listPrice: (product?.listPrice ?? '') as number | string,
    externalId: product?.externalId ?? '',
  };
}

/** The form as the API's fields: empty text and numbers are null. */
function fieldsOf(form: Form) {
  return {
    name: form.name,
    series: form.series.trim() || null,
    listPrice: form.listPrice === '' ? null : Number(form.listPrice),
    externalId: form.externalId.trim() || null,
  };
}

type Fields = ReturnType<typeof fieldsOf>;

/** The fields that differ from what the form started with. */
function changes(next: Fields, before: Fields): Partial<Fields> {
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => value !== before[key as keyof Fields]),
  ) as Partial<Fields>;
}

/**
 * A new product for the catalogue, or changes to one: its name, series, list price and its id in
 * another system. An edit sends the version it started from and only the fields changed, so a change
 * someone else saved in the meantime is reported, never overwritten.
 */
export function ProductFormModal({
  product,
  onClose,
  onForbidden,
}: {
  /** The product to edit; without it the form creates one. */
  product?: Product;
  onClose: () => void;
  /** The server said this person may not keep the catalogue. */
  onForbidden?: () => void;
}) {
  const queryClient = useQueryClient();
  const currency = useOrganisationCurrency();
  const [form, setForm] = useState(() => formFrom(product));
  // The version the form was filled from: not the list's, which may move on under the form.
  const [base, setBase] = useState(product);
  const onError = (error: Error) => {
    if (error instanceof ApiError && error.status === 403) onForbidden?.();
  };
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/products', { body: fieldsOf(form) })),
    onSuccess: (created) => {
      queryClient.invalidateQueries({ queryKey: ['products'] });
      notifications.show({ message: `${created.name} added to the products.` });
      onClose();
    },
    onError,
  });
  const update = useMutation({
    mutationFn: (before: Product) =>
      unwrap(
        api.PATCH('/api/products/{id}', {
          params: { path: { id: before.id } },
          body: { version: before.version, ...changes(fieldsOf(form), fieldsOf(formFrom(before))) },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(productQuery(saved.id).queryKey, saved);
      queryClient.invalidateQueries({ queryKey: ['products'] });
      // Deals show the product's name.
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      notifications.show({ message: `${saved.name} saved.` });
      onClose();
    },
    onError: (error, before) => {
      onError(error);
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        queryClient.invalidateQueries({ queryKey: productQuery(before.id).queryKey });
      }
    },
  });
  const save = base ? update : create;
  const conflict = save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT';
  const forbidden = save.error instanceof ApiError && save.error.status === 403;
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (base) update.mutate(base);
    else create.mutate();
  };
  /** After a conflict: start again from what is saved now, dropping the edits made here. */
  const startAgain = async () => {
    if (!base) return;
    const fresh = await queryClient.fetchQuery(productQuery(base.id));
    setBase(fresh);
    setForm(formFrom(fresh));
    update.reset();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={base ? `Edit ${base.name}` : 'New product'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {conflict ? (
            <ConflictAlert error={save.error} onStartAgain={startAgain} />
          ) : forbidden ? (
            <Alert
              color="red"
              icon={<IconAlertCircle size={18} />}
              title={base ? 'You cannot change products' : 'You cannot add products'}
              role="alert"
            >
              Only administrators and directors keep the product catalogue. Ask one of them to{' '}
              {base ? 'make the change' : 'add it'}.
            </Alert>
          ) : (
            <FormError error={save.error} title={base ? 'Not saved' : 'Not added'} />
          )}
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. Analytics Pro"
            value={form.name}
            error={fields.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label="Series"
            description="The product line or family it belongs to"
            placeholder="e.g. Analytics"
            value={form.series}
            error={fields.series}
            onChange={(e) => setForm({ ...form, series: e.currentTarget.value })}
          />
          <Group grow align="flex-start">
            <NumberInput
              label={`List price (${currency})`}
              description="Fills a new deal’s amount"
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={form.listPrice}
              error={fields.listPrice}
              onChange={(listPrice) => setForm({ ...form, listPrice })}
            />
            <TextInput
              label="External id"
              description="Its id in another system"
              value={form.externalId}
              error={fields.externalId}
              onChange={(e) => setForm({ ...form, externalId: e.currentTarget.value })}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={conflict || forbidden}>
              {base ? 'Save' : 'Add product'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
