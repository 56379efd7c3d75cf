import { ActionIcon, Alert, Button, Card, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DEFAULT_COACHING_FOCUS } from '@pacesetter/core';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { ConflictAlert, ErrorAlert, FormError, PageHeader } from '../../app/ui';
import { organisationQuery } from '../crm/shared';

interface Row {
  key: number;
  stage: string;
  skill: string;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The rows to start from: every open stage of the organisation's pipelines with the focus in force
 * for it (the organisation's own, else the built-in suggestion), then any other stage the
 * organisation named.
 */
function initialRows(settings: Schemas['OrganisationSettings'], pipelines: Schemas['Pipeline'][]): Row[] {
  const saved = settings.coachingFocus ?? {};
  const inForce = { ...DEFAULT_COACHING_FOCUS, ...saved };
  const lookup = (stage: string) => Object.entries(inForce).find(([name]) => same(name, stage))?.[1] ?? '';
  const stages: string[] = [];
  for (const p of pipelines) {
    for (const s of p.stages) {
      if (s.kind === 'open' && !stages.some((x) => same(x, s.name))) stages.push(s.name);
    }
  }
  for (const name of Object.keys(saved)) if (!stages.some((x) => same(x, name))) stages.push(name);
  return stages.map((stage, key) => ({ key, stage, skill: lookup(stage) }));
}

/**
 * Admin → Coaching focus: the skill the funnel diagnostics suggest coaching when a stage is
 * someone's weakest (stage name → skill). Saved in the organisation's settings with the version read,
 * so two administrators editing at once cannot overwrite each other silently.
 */
export function CoachingFocusPage() {
  const organisation = useQuery(organisationQuery);
  const pipelines = useQuery({
    queryKey: ['deals', 'pipelines'],
    queryFn: () => unwrap(api.GET('/api/pipelines')),
  });
  return (
    <>
      <PageHeader
        title="Coaching focus"
        description="When the funnel diagnostics find someone’s weakest stage, they suggest the skill to coach. Set that skill for each stage here."
      />
      {(organisation.isPending || pipelines.isPending) && <Loader size="sm" />}
      <ErrorAlert error={organisation.error ?? pipelines.error} />
      {organisation.data && pipelines.data && (
        <CoachingFocusForm
          // A new version (after a save, or "start again") restarts the form from what is saved.
          key={organisation.data.version}
          organisation={organisation.data}
          pipelines={pipelines.data}
          reload={() => organisation.refetch()}
          reloading={organisation.isFetching}
        />
      )}
    </>
  );
}

function CoachingFocusForm({
  organisation,
  pipelines,
  reload,
  reloading,
}: {
  organisation: Schemas['Organisation'];
  pipelines: Schemas['Pipeline'][];
  reload: () => void;
  reloading: boolean;
}) {
  const queryClient = useQueryClient();
  const readOnly = !organisation.can.update;
  const [rows, setRows] = useState<Row[]>(() => initialRows(organisation.settings, pipelines));
  const [nextKey, setNextKey] = useState(1000);
  const [checked, setChecked] = useState(false);

  const problems = rows.map((row, i) => {
    const stage = row.stage.trim();
    const skill = row.skill.trim();
    if (!stage && !skill) return {};
    return {
      stage: !stage
        ? 'Name the stage'
        : rows.some((other, j) => j < i && same(other.stage, stage))
          ? 'This stage is listed twice'
          : undefined,
      skill: !skill ? 'Name the skill to coach, or remove the row' : undefined,
    };
  });
  const valid = problems.every((p) => !p.stage && !p.skill);

  const save = useMutation({
    mutationFn: () => {
      const coachingFocus: Record<string, string> = {};
      for (const row of rows)
        if (row.stage.trim() && row.skill.trim()) coachingFocus[row.stage.trim()] = row.skill.trim();
      return unwrap(
        api.PATCH('/api/organisation', {
          body: { version: organisation.version, settings: { coachingFocus } },
        }),
      );
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(organisationQuery.queryKey, saved);
      // Funnels answered before name the old focus.
      queryClient.invalidateQueries({ queryKey: ['performance'] });
      notifications.show({ message: 'Coaching focus saved.' });
    },
  });
  const error = save.error;
  const conflict = error instanceof ApiError && error.status === 409;
  const serverFields = error instanceof ApiError ? error.fieldErrors() : {};
  const serverError = (stage: string) =>
    Object.entries(serverFields).find(
      ([path]) => path.startsWith('settings.coachingFocus') && path.endsWith(`.${stage.trim()}`),
    )?.[1];
  const generalServerError = Object.entries(serverFields).find(
    ([path]) => path === 'settings.coachingFocus',
  )?.[1];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (valid) save.mutate();
  };
  const update = (key: number, patch: Partial<Row>) =>
    setRows(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <Card withBorder maw={820}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {conflict ? (
            <ConflictAlert error={error} loading={reloading} onStartAgain={reload} />
          ) : (
            <FormError error={error} title="Not saved" />
          )}
          {generalServerError && (
            <Alert color="red" title="Not saved">
              {generalServerError}
            </Alert>
          )}
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} />}>
            Stages are matched by name, whatever the case. A stage left out falls back to the built-in
            suggestion where there is one ({Object.keys(DEFAULT_COACHING_FOCUS).join(', ')}); other stages
            then get none.
          </Alert>
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs" aria-label="Coaching focus by stage">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="35%">Stage</Table.Th>
                  <Table.Th>Skill to coach</Table.Th>
                  {!readOnly && <Table.Th w={48} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, i) => {
                  const builtIn = Object.entries(DEFAULT_COACHING_FOCUS).find(([name]) =>
                    same(name, row.stage),
                  )?.[1];
                  return (
                    <Table.Tr key={row.key}>
                      <Table.Td>
                        <TextInput
                          aria-label={`Stage ${i + 1}`}
                          readOnly={readOnly}
                          maxLength={80}
                          value={row.stage}
                          error={checked ? problems[i]?.stage : undefined}
                          onChange={(e) => update(row.key, { stage: e.currentTarget.value })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Skill to coach for ${row.stage.trim() || `stage ${i + 1}`}`}
                          readOnly={readOnly}
                          maxLength={200}
                          placeholder={builtIn ? `Built-in: ${builtIn}` : 'e.g. Value articulation'}
                          value={row.skill}
                          error={(checked ? problems[i]?.skill : undefined) ?? serverError(row.stage)}
                          onChange={(e) => update(row.key, { skill: e.currentTarget.value })}
                        />
                      </Table.Td>
                      {!readOnly && (
                        <Table.Td>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${row.stage.trim() || `stage ${i + 1}`}`}
                            onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length === 0 && (
            <Text size="sm" c="dimmed">
              No stages listed: the built-in suggestions apply.
            </Text>
          )}
          {!readOnly && (
            <Group justify="space-between">
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                onClick={() => {
                  setRows([...rows, { key: nextKey, stage: '', skill: '' }]);
                  setNextKey(nextKey + 1);
                }}
              >
                Add a stage
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          )}
          {readOnly && (
            <Text size="sm" c="dimmed">
              Only administrators can change the coaching focus.
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
