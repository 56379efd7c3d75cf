import { Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorAlert, PageHeader } from '../../app/ui';
import { type Pipeline, PipelineFormModal } from './PipelineFormModal';

const kindColour = { open: 'blue', won: 'teal', lost: 'gray' } as const;

/**
 * Admin → Pipelines: every pipeline with its stages in board order. Everyone may read them;
 * administrators (the API's `can.manage`) create and change them.
 */
export function PipelinesPage() {
  const pipelines = useQuery({
    // The board's key: a change here refreshes the board, and the other way round.
    queryKey: ['deals', 'pipelines'],
    queryFn: () => unwrap(api.GET('/api/pipelines')),
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Pipeline | null>(null);
  // Every organisation has a default pipeline, so the list is never empty and its answer is known.
  const canManage = pipelines.data?.some((p) => p.can.manage) ?? false;

  return (
    <>
      <PageHeader
        title="Pipelines"
        description={
          canManage
            ? 'The stages a deal goes through, in order, each with its chance of winning. The default pipeline opens first on the board and takes new deals.'
            : 'The stages a deal goes through, in order, each with its chance of winning. Only administrators can change them.'
        }
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New pipeline
            </Button>
          )
        }
      />
      {pipelines.isPending && <Loader size="sm" />}
      <ErrorAlert error={pipelines.error} title="Could not load the pipelines" />
      <SimpleGrid cols={{ base: 1, md: 2 }} maw={1100}>
        {pipelines.data?.map((pipeline) => (
          <PipelineCard key={pipeline.id} pipeline={pipeline} onEdit={() => setEditing(pipeline)} />
        ))}
      </SimpleGrid>
      {creating && <PipelineFormModal onClose={() => setCreating(false)} />}
      {editing && <PipelineFormModal pipeline={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function PipelineCard({ pipeline, onEdit }: { pipeline: Pipeline; onEdit: () => void }) {
  const titleId = useId();
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} fz="h4" id={titleId}>
              {pipeline.name}
            </Title>
            {pipeline.isDefault && (
              <Badge variant="filled" size="sm">
                Default
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {pipeline.stages.length} stages
            {pipeline.isDefault ? ' · the board opens on it and new deals go to it' : ''}
          </Text>
        </Stack>
        {pipeline.can.manage && (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPencil size={14} />}
            aria-label={`Edit ${pipeline.name}`}
            style={{ flexShrink: 0 }}
            onClick={onEdit}
          >
            Edit
          </Button>
        )}
      </Group>
      <Table aria-label={`${pipeline.name} stages`} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32}>#</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th w={80}>Kind</Table.Th>
            <Table.Th w={100} ta="right">
              Probability
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pipeline.stages.map((stage, i) => (
            <Table.Tr key={stage.id}>
              <Table.Td c="dimmed">{i + 1}</Table.Td>
              <Table.Td>{stage.name}</Table.Td>
              <Table.Td>
                <Badge variant="light" miw="max-content" color={kindColour[stage.kind]}>
                  {stage.kind}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{stage.probability}%</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
