import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Loader,
  Menu,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, formatDate, PageHeader } from '../../app/ui';
import { CrmTabs, OwnerFilter } from '../crm/shared';
import { teamOptions, useTeams } from '../people/useTeamOptions';
import { DealFormModal } from './DealFormModal';
import { formatMoney, formatTotals } from './format';
import { LostReasonModal } from './LostReasonModal';
import { type Deal, useDealMove } from './useDealMove';

type Column = Schemas['Board']['columns'][number];
type Stage = Schemas['Stage'];

const kindColour = { open: 'blue', won: 'teal', lost: 'gray' } as const;

function DealCard({
  deal,
  stages,
  onMove,
}: {
  deal: Deal;
  stages: Stage[];
  onMove: (deal: Deal, stage: Stage) => void;
}) {
  const movable = deal.can.update;
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      draggable={movable}
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.setData('text/plain', deal.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      style={{ cursor: movable ? 'grab' : 'default' }}
      data-deal={deal.name}
      aria-label={`${deal.name}, ${formatMoney(deal.amount, deal.currency)}`}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <Anchor component={Link} to={`/pipeline/deals/${deal.id}`} fw={600} size="sm" lineClamp={2}>
          {deal.name}
        </Anchor>
        {movable && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={`Move ${deal.name}`}>
                <IconDots size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Move to</Menu.Label>
              {stages
                .filter((s) => s.id !== deal.stageId)
                .map((s) => (
                  <Menu.Item key={s.id} onClick={() => onMove(deal, s)}>
                    {s.name}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {deal.accountName && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {deal.accountName}
        </Text>
      )}
      <Group justify="space-between" mt={6} gap={4}>
        <Text size="sm" fw={500}>
          {formatMoney(deal.amount, deal.currency)}
        </Text>
        <Text size="xs" c="dimmed">
          {deal.status === 'open' ? formatDate(deal.expectedCloseDate) : formatDate(deal.closedOn)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>
        {deal.ownerName}
        {deal.lostReason ? ` · ${deal.lostReason}` : ''}
      </Text>
    </Card>
  );
}

function BoardColumn({
  column,
  stages,
  onDrop,
  onMove,
}: {
  column: Column;
  stages: Stage[];
  onDrop: (dealId: string, stage: Stage) => void;
  onMove: (deal: Deal, stage: Stage) => void;
}) {
  const [over, setOver] = useState(false);
  const stage = stages.find((s) => s.id === column.stageId)!;
  return (
    <Box
      component="section"
      aria-label={`${column.name} stage`}
      w={260}
      miw={260}
      mih="60vh"
      p="xs"
      bg={over ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-gray-0)'}
      style={{
        borderRadius: 'var(--mantine-radius-md)',
        border: `1px dashed ${over ? 'var(--mantine-color-blue-4)' : 'transparent'}`,
      }}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        const id = e.dataTransfer.getData('text/plain');
        if (id) onDrop(id, stage);
      }}
    >
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Title order={2} fz="sm">
          {column.name}
        </Title>
        <Badge variant="light" color={kindColour[column.kind]} size="sm">
          {column.kind === 'open' ? `${column.probability}%` : column.kind}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs" data-testid={`total-${column.name}`}>
        {column.count} {column.count === 1 ? 'deal' : 'deals'} · {formatTotals(column.totals)}
      </Text>
      <Stack gap="xs">
        {column.deals.map((deal) => (
          <DealCard key={deal.id} deal={deal} stages={stages} onMove={onMove} />
        ))}
        {column.count > column.deals.length && (
          <Text size="xs" c="dimmed" ta="center">
            and {column.count - column.deals.length} more — narrow the filters to see them
          </Text>
        )}
      </Stack>
    </Box>
  );
}

export function PipelinePage() {
  const me = useMe();
  const pipelines = useQuery({
    queryKey: ['deals', 'pipelines'],
    queryFn: () => unwrap(api.GET('/api/pipelines')),
  });
  const teams = useTeams();
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [closeFrom, setCloseFrom] = useState('');
  const [closeTo, setCloseTo] = useState('');
  const [creating, setCreating] = useState(false);
  const [losing, setLosing] = useState<{ deal: Deal; stage: Stage } | null>(null);
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? pipelines.data?.[0];
  const query = {
    pipelineId: pipeline?.id,
    ownerId: ownerId ?? undefined,
    teamId: teamId ?? undefined,
    closeFrom: closeFrom || undefined,
    closeTo: closeTo || undefined,
  };
  const board = useQuery({
    queryKey: ['deals', 'board', query],
    queryFn: () => unwrap(api.GET('/api/deals/board', { params: { query } })),
    enabled: !!pipeline,
  });
  const move = useDealMove();
  const allDeals = board.data?.columns.flatMap((c) => c.deals) ?? [];
  const requestMove = (deal: Deal, stage: Stage) => {
    if (stage.id === deal.stageId) return;
    if (stage.kind === 'lost') setLosing({ deal, stage });
    else move.mutate({ deal, stageId: stage.id });
  };

  return (
    <>
      <PageHeader
        title="Pipeline"
        description="Every deal by stage. Drag a card to another stage (or use its menu); each move is kept in the deal’s history."
        actions={
          pipeline &&
          me.user.role !== 'viewer' && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New deal
            </Button>
          )
        }
      />
      <CrmTabs active="board" />
      <Group mb="md" align="flex-end" gap="sm">
        {(pipelines.data?.length ?? 0) > 1 && (
          <Select
            label="Pipeline"
            allowDeselect={false}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={pipeline?.id ?? null}
            onChange={setPipelineId}
            w={180}
          />
        )}
        <OwnerFilter value={ownerId} onChange={setOwnerId} />
        <Select
          label="Team"
          placeholder="Any team"
          clearable
          searchable
          data={teamOptions(teams.data?.items ?? [], () => true)}
          value={teamId}
          onChange={setTeamId}
          w={220}
        />
        <TextInput
          label="Closing from"
          type="date"
          value={closeFrom}
          onChange={(e) => setCloseFrom(e.currentTarget.value)}
          w={150}
        />
        <TextInput
          label="to"
          type="date"
          value={closeTo}
          onChange={(e) => setCloseTo(e.currentTarget.value)}
          w={150}
        />
      </Group>
      <ErrorAlert error={pipelines.error ?? board.error} title="Could not load the pipeline" />
      {board.isPending && <Loader size="sm" />}
      {board.data && allDeals.length === 0 && board.data.columns.every((c) => c.count === 0) && (
        <EmptyState>No deals match. Create one with “New deal”.</EmptyState>
      )}
      {board.data && pipeline && (
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
            {board.data.columns.map((column) => (
              <BoardColumn
                key={column.stageId}
                column={column}
                stages={pipeline.stages}
                onMove={requestMove}
                onDrop={(dealId, stage) => {
                  const deal = allDeals.find((d) => d.id === dealId);
                  if (deal?.can.update) requestMove(deal, stage);
                }}
              />
            ))}
          </Group>
        </ScrollArea>
      )}
      {creating && pipeline && <DealFormModal pipeline={pipeline} onClose={() => setCreating(false)} />}
      {losing && (
        <LostReasonModal
          dealName={losing.deal.name}
          onCancel={() => setLosing(null)}
          onConfirm={(lostReason) => {
            move.mutate({ deal: losing.deal, stageId: losing.stage.id, lostReason });
            setLosing(null);
          }}
        />
      )}
    </>
  );
}
