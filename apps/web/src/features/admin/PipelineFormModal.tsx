import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, describeError, type Schemas, unwrap } from '../../api/client';
import { ConflictAlert, FormError } from '../../app/ui';

export type Pipeline = Schemas['Pipeline'];
type Kind = Pipeline['stages'][number]['kind'];

/** One row of the stages editor; `key` stays with the row while it moves, `id` is the saved stage's. */
interface StageRow {
  key: string;
  id?: string;
  name: string;
  kind: Kind;
  probability: number | string;
}

interface Form {
  name: string;
  makeDefault: boolean;
  open: StageRow[];
  won: StageRow;
  lost: StageRow;
}

/** The server allows 30 stages; the won and lost stages take two of them. */
const MAX_OPEN_STAGES = 28;

let lastKey = 0;
const newKey = () => `new-${++lastKey}`;

/** The server's standard stages, which a new pipeline starts from. */
function standardStages(): Pick<Form, 'open' | 'won' | 'lost'> {
  const open = (name: string, probability: number): StageRow => ({
    key: newKey(),
    name,
    kind: 'open',
    probability,
  });
  return {
    open: [open('Prospecting', 10), open('Qualification', 20), open('Proposal', 50), open('Negotiation', 75)],
    won: { key: newKey(), name: 'Won', kind: 'won', probability: 100 },
    lost: { key: newKey(), name: 'Lost', kind: 'lost', probability: 0 },
  };
}

function formFrom(pipeline: Pipeline | undefined): Form {
  const standard = standardStages();
  if (!pipeline) return { name: '', makeDefault: false, ...standard };
  const rows: StageRow[] = pipeline.stages.map((s) => ({
    key: s.id,
    id: s.id,
    name: s.name,
    kind: s.kind,
    probability: s.probability,
  }));
  return {
    name: pipeline.name,
    makeDefault: pipeline.isDefault,
    open: rows.filter((s) => s.kind === 'open'),
    won: rows.find((s) => s.kind === 'won') ?? standard.won,
    lost: rows.find((s) => s.kind === 'lost') ?? standard.lost,
  };
}

/** The rows in the order they are sent: the open stages, then won, then lost. */
function rowsOf(form: Form): StageRow[] {
  return [...form.open, form.won, form.lost];
}

function stageInputs(form: Form) {
  return rowsOf(form).map((s) => ({
    ...(s.id && { id: s.id }),
    name: s.name.trim(),
    kind: s.kind,
    probability: s.kind === 'won' ? 100 : s.kind === 'lost' ? 0 : Number(s.probability),
  }));
}

type StageErrors = Partial<Record<'name' | 'probability', string>>;

/**
 * The server's field errors, each put on the input it is about: `body.name` on the name,
 * `body.stages.2.probability` on the probability of the third row sent (found by its key, so the
 * message stays with its row if the rows are moved afterwards). The rest, which no input shows
 * (`body.stages` "needs exactly one won stage", an unknown stage id), are listed in the alert.
 */
function placeFieldErrors(error: unknown, sent: StageRow[]) {
  const placed = {
    name: undefined as string | undefined,
    stages: {} as Record<string, StageErrors>,
    rest: [] as string[],
  };
  if (!(error instanceof ApiError)) return placed;
  for (const issue of error.fields) {
    const path = issue.path.replace(/^body\./, '');
    if (path === 'name') {
      placed.name ??= issue.message;
      continue;
    }
    const match = /^stages\.(\d+)(?:\.(\w+))?$/.exec(path);
    const row = match ? sent[Number(match[1])] : undefined;
    const field = match?.[2];
    // Won and lost have no probability input: their probability is fixed.
    if (row && (field === 'name' || (field === 'probability' && row.kind === 'open'))) {
      const errors = placed.stages[row.key] ?? {};
      errors[field] ??= issue.message;
      placed.stages[row.key] = errors;
      continue;
    }
    if (path === 'stages') placed.rest.push(`Stages: ${issue.message}`);
    else if (row)
      placed.rest.push(`Stage ${Number(match?.[1]) + 1} (${row.name || 'no name'}): ${issue.message}`);
    else placed.rest.push(`${path}: ${issue.message}`);
  }
  return placed;
}

const kindColour = { open: 'blue', won: 'teal', lost: 'gray' } as const;

/**
 * A new pipeline, or changes to one: its name, whether it is the default, and its stages in order.
 * The open stages can be added, removed, renamed, given a probability and moved; the won and lost
 * stages stay at the end with 100% and 0%. An edit sends the version it started from, so a change
 * someone else saved in the meantime is reported, never overwritten.
 */
export function PipelineFormModal({ pipeline, onClose }: { pipeline?: Pipeline; onClose: () => void }) {
  const queryClient = useQueryClient();
  // The version the form was filled from: not the list's, which may move on under the form.
  const [base, setBase] = useState(pipeline);
  const [form, setForm] = useState(() => formFrom(pipeline));
  // Rows whose probability was left empty when Save was pressed (never sent).
  const [missing, setMissing] = useState<Set<string>>(new Set());
  // Server errors on fields edited since they were reported, which are then no longer shown.
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const [focusKey, setFocusKey] = useState<string>();

  const save = useMutation({
    mutationFn: async ({ form, before }: { form: Form; before?: Pipeline }) => {
      const stages = stageInputs(form);
      if (!before) {
        return unwrap(
          api.POST('/api/pipelines', {
            body: { name: form.name, ...(form.makeDefault && { isDefault: true }), stages },
          }),
        );
      }
      const changedStages = JSON.stringify(stages) !== JSON.stringify(stageInputs(formFrom(before)));
      return unwrap(
        api.PATCH('/api/pipelines/{id}', {
          params: { path: { id: before.id } },
          body: {
            version: before.version,
            ...(form.name.trim() !== before.name && { name: form.name }),
            ...(form.makeDefault && !before.isDefault && { isDefault: true as const }),
            ...(changedStages && { stages }),
          },
        }),
      );
    },
    onSuccess: (saved) => {
      // The board, the deal pages and the lists read the pipelines under this key.
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      notifications.show({ message: base ? `${saved.name} saved.` : `${saved.name} created.` });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        queryClient.invalidateQueries({ queryKey: ['deals', 'pipelines'] });
      }
    },
  });

  const conflict = save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT';
  const forbidden = save.error instanceof ApiError && save.error.status === 403;
  const placed = placeFieldErrors(save.error, save.variables ? rowsOf(save.variables.form) : []);
  const shown = (key: string, field: string, message: string | undefined) =>
    dismissed.has(`${key}.${field}`) ? undefined : message;
  const edited = (key: string, field: string) =>
    setDismissed((d) => (d.has(`${key}.${field}`) ? d : new Set(d).add(`${key}.${field}`)));

  const setOpen = (open: StageRow[]) => setForm((f) => ({ ...f, open }));
  const updateRow = (key: string, patch: Partial<StageRow>) => {
    setForm((f) => ({
      ...f,
      open: f.open.map((s) => (s.key === key ? { ...s, ...patch } : s)),
      won: f.won.key === key ? { ...f.won, ...patch } : f.won,
      lost: f.lost.key === key ? { ...f.lost, ...patch } : f.lost,
    }));
  };
  const move = (index: number, by: -1 | 1) => {
    const open = [...form.open];
    const [row] = open.splice(index, 1);
    if (!row) return;
    open.splice(index + by, 0, row);
    setOpen(open);
  };
  const addStage = () => {
    const last = form.open.at(-1);
    const row: StageRow = {
      key: newKey(),
      name: '',
      kind: 'open',
      probability: typeof last?.probability === 'number' ? Math.min(last.probability + 10, 90) : 50,
    };
    setOpen([...form.open, row]);
    setFocusKey(row.key);
  };
  // Saved stages taken out of the list: saving retires them.
  const retiring = (base?.stages ?? []).filter(
    (s) => s.kind === 'open' && !form.open.some((row) => row.id === s.id),
  );
  const keep = (stage: Pipeline['stages'][number]) =>
    setOpen([
      ...form.open,
      { key: stage.id, id: stage.id, name: stage.name, kind: 'open', probability: stage.probability },
    ]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = new Set(form.open.filter((s) => s.probability === '').map((s) => s.key));
    setMissing(empty);
    if (empty.size > 0) return;
    if (base && !changedFrom(form, base)) {
      onClose();
      return;
    }
    setDismissed(new Set());
    save.mutate({ form, before: base });
  };
  /** After a conflict: start again from what is saved now, dropping the edits made here. */
  const startAgain = useMutation({
    mutationFn: (id: string) => unwrap(api.GET('/api/pipelines/{id}', { params: { path: { id } } })),
    onSuccess: (fresh) => {
      setBase(fresh);
      setForm(formFrom(fresh));
      setMissing(new Set());
      save.reset();
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: 'Could not load the pipeline',
        message: describeError(error),
      }),
  });

  const openCount = form.open.length;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={base ? `Edit ${base.name}` : 'New pipeline'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {conflict ? (
            <ConflictAlert
              error={save.error}
              loading={startAgain.isPending}
              onStartAgain={() => base && startAgain.mutate(base.id)}
            />
          ) : forbidden ? (
            <Alert
              color="red"
              icon={<IconAlertCircle size={18} />}
              title="You cannot change pipelines"
              role="alert"
            >
              Only administrators configure pipelines. Ask one of them to make the change.
            </Alert>
          ) : placed.rest.length > 0 ? (
            <Alert color="red" icon={<IconAlertCircle size={18} />} title="Not saved" role="alert">
              <List size="sm">
                {placed.rest.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <FormError error={save.error} title={base ? 'Not saved' : 'Not created'} />
          )}
          <TextInput
            label="Name"
            required
            data-autofocus
            maxLength={80}
            placeholder="e.g. Renewals"
            value={form.name}
            error={shown('pipeline', 'name', placed.name)}
            onChange={(e) => {
              const name = e.currentTarget.value;
              setForm((f) => ({ ...f, name }));
              edited('pipeline', 'name');
            }}
          />
          {base?.isDefault ? (
            <Text size="sm" c="dimmed">
              This is the default pipeline: the board opens on it and new deals go to it. To change that, make
              another pipeline the default.
            </Text>
          ) : (
            <Checkbox
              label="Make it the default pipeline"
              description="The board opens on it and new deals go to it; the current default stops being one."
              checked={form.makeDefault}
              onChange={(e) => {
                const makeDefault = e.currentTarget.checked;
                setForm((f) => ({ ...f, makeDefault }));
              }}
            />
          )}
          <div>
            <Text fw={500} size="sm">
              Stages
            </Text>
            <Text size="xs" c="dimmed">
              In the order deals go through them, each with its chance of winning (0–100%). Won and lost close
              a deal and stay at the end.
            </Text>
          </div>
          <Table.ScrollContainer minWidth={440} type="native">
            <Table aria-label="Stages" verticalSpacing={4} horizontalSpacing={6} withRowBorders={false}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={28}>#</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th w={112}>Probability</Table.Th>
                  <Table.Th w={96}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.open.map((row, i) => {
                  const n = i + 1;
                  const errors = placed.stages[row.key] ?? {};
                  return (
                    <Table.Tr key={row.key}>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {n}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Stage ${n} name`}
                          placeholder="Stage name"
                          maxLength={60}
                          autoFocus={row.key === focusKey}
                          value={row.name}
                          error={shown(row.key, 'name', errors.name)}
                          onChange={(e) => {
                            updateRow(row.key, { name: e.currentTarget.value });
                            edited(row.key, 'name');
                          }}
                        />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label={`Stage ${n} probability`}
                          hideControls
                          allowDecimal={false}
                          allowNegative={false}
                          clampBehavior="none"
                          rightSection={<Text size="sm">%</Text>}
                          value={row.probability}
                          error={
                            missing.has(row.key)
                              ? 'enter 0–100'
                              : shown(row.key, 'probability', errors.probability)
                          }
                          onChange={(probability) => {
                            updateRow(row.key, { probability });
                            edited(row.key, 'probability');
                            if (missing.has(row.key))
                              setMissing((m) => new Set([...m].filter((k) => k !== row.key)));
                          }}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={2} wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move stage ${n} up`}
                            disabled={i === 0}
                            onClick={() => move(i, -1)}
                          >
                            <IconArrowUp size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move stage ${n} down`}
                            disabled={i === openCount - 1}
                            onClick={() => move(i, 1)}
                          >
                            <IconArrowDown size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove stage ${n}`}
                            disabled={openCount === 1}
                            title={openCount === 1 ? 'A pipeline needs at least one open stage' : undefined}
                            onClick={() => setOpen(form.open.filter((s) => s.key !== row.key))}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
                {[form.won, form.lost].map((row, i) => (
                  <Table.Tr key={row.key}>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {openCount + i + 1}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${row.kind === 'won' ? 'Won' : 'Lost'} stage name`}
                        maxLength={60}
                        value={row.name}
                        error={shown(row.key, 'name', placed.stages[row.key]?.name)}
                        onChange={(e) => {
                          updateRow(row.key, { name: e.currentTarget.value });
                          edited(row.key, 'name');
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={8} pl={12} wrap="nowrap">
                        <Text size="sm">{row.kind === 'won' ? 100 : 0}%</Text>
                        <Badge variant="light" miw="max-content" color={kindColour[row.kind]}>
                          {row.kind}
                        </Badge>
                      </Group>
                    </Table.Td>
                    <Table.Td />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={openCount >= MAX_OPEN_STAGES}
              onClick={addStage}
            >
              Add stage
            </Button>
          </Group>
          {retiring.length > 0 && (
            <Alert
              color="yellow"
              title="Retired when you save"
              role="note"
              aria-label="Retired when you save"
            >
              <Text size="sm" mb={4}>
                A retired stage leaves the board and stays in the history of the deals that passed through it.
                A stage that still holds deals cannot be retired: move them first.
              </Text>
              <Group gap="xs">
                {retiring.map((stage) => (
                  <Group key={stage.id} gap={4}>
                    <Text size="sm" fw={500}>
                      {stage.name}
                    </Text>
                    <Button size="compact-xs" variant="white" onClick={() => keep(stage)}>
                      Keep {stage.name}
                    </Button>
                  </Group>
                ))}
              </Group>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={conflict || forbidden}>
              {base ? 'Save' : 'Create pipeline'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Whether the form differs from the saved pipeline (then Save has something to send). */
function changedFrom(form: Form, before: Pipeline): boolean {
  return (
    form.name.trim() !== before.name ||
    (form.makeDefault && !before.isDefault) ||
    JSON.stringify(stageInputs(form)) !== JSON.stringify(stageInputs(formFrom(before)))
  );
}
