import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { detectDelimiter, parseCsvString } from '@pacesetter/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type Schemas, unwrap, writeHeaders } from '../../api/client';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';

type Result = Schemas['ImportResult'];
type Kind = Result['kind'];

const kinds: { value: Kind; label: string }[] = [
  { value: 'people', label: 'People and teams' },
  { value: 'accounts', label: 'Accounts' },
  { value: 'contacts', label: 'Contacts' },
  { value: 'products', label: 'Products' },
  { value: 'deals', label: 'Deals' },
  { value: 'activities', label: 'Activities' },
];

const dateFormats = ['auto', 'YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'D-MMM-YYYY'];

/**
 * Sends the file as the request body (streamed by the browser) and reports how much has gone up;
 * the server reads it row by row as it arrives, so upload progress is import progress.
 */
function send(
  file: File,
  kind: Kind,
  query: Record<string, string>,
  onProgress: (share: number) => void,
): Promise<Result> {
  const qs = new URLSearchParams(query).toString();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/${kind}?${qs}`);
    for (const [k, v] of Object.entries(writeHeaders({ 'content-type': 'text/csv' })))
      xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Cannot reach the Pacesetter server.'));
    xhr.onload = () => {
      let body: unknown = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: handled below
      }
      if ((xhr.status >= 200 && xhr.status < 300) || xhr.status === 422) {
        resolve(body as Result);
        return;
      }
      const e = (
        body as { error?: { code: string; message: string; fields?: { path: string; message: string }[] } }
      ).error;
      reject(new ApiError(xhr.status, e?.code ?? 'HTTP', e?.message ?? xhr.statusText, e?.fields ?? []));
    };
    xhr.send(file);
  });
}

/**
 * Import a CSV file: choose what it holds and (optionally) the export it came from, check it with a
 * dry run, adjust the column mapping, then import — all or nothing.
 */
export function ImportPage() {
  const queryClient = useQueryClient();
  const catalogue = useQuery({
    queryKey: ['imports', 'fields'],
    queryFn: () => unwrap(api.GET('/api/imports/fields')),
  });
  const pipelines = useQuery({
    queryKey: ['deals', 'pipelines'],
    queryFn: () => unwrap(api.GET('/api/pipelines')),
  });
  const [kind, setKind] = useState<Kind>('deals');
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState<string | null>(null);
  const [dateFormat, setDateFormat] = useState('auto');
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [membersFrom, setMembersFrom] = useState('');
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const [savedId, setSavedId] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  const saved = useQuery({
    queryKey: ['imports', 'mappings', kind],
    queryFn: () => unwrap(api.GET('/api/imports/mappings', { params: { query: { kind } } })),
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/imports/mappings', {
          body: {
            name: saveName,
            kind,
            mapping: {
              columns: Object.fromEntries(
                Object.entries({ ...(result?.mapping.columns ?? {}), ...columns }).filter(
                  (e): e is [string, string] => !!e[1],
                ),
              ),
              ...(dateFormat !== 'auto' && { dateFormat: dateFormat as 'YYYY-MM-DD' }),
            },
          },
        }),
      ),
    onSuccess: (m) => {
      setSaveName('');
      setSavedId(m.id);
      queryClient.invalidateQueries({ queryKey: ['imports', 'mappings'] });
      notifications.show({ message: `Mapping “${m.name}” saved.` });
    },
  });
  const applySaved = (id: string | null) => {
    setSavedId(id);
    const m = saved.data?.find((x) => x.id === id);
    if (!m) return;
    setColumns(m.mapping.columns);
    if (m.mapping.dateFormat) setDateFormat(m.mapping.dateFormat);
    setResult(null);
  };

  const query = (dryRun: boolean) => ({
    dryRun: String(dryRun),
    ...(preset && { preset }),
    ...(dateFormat !== 'auto' && { dateFormat }),
    ...(kind === 'deals' && pipelineId && { pipelineId }),
    ...(kind === 'people' && membersFrom && { membersFrom }),
    ...(Object.keys(columns).length > 0 && { mapping: JSON.stringify(columns) }),
  });
  const [progress, setProgress] = useState<number | null>(null);
  /** The file's header line, read in the browser, so the columns can be mapped before any check. */
  const [fileHeaders, setFileHeaders] = useState<string[]>([]);
  /** The mapping the last check ran with: importing needs a check of the mapping as it is now. */
  const [checkedWith, setCheckedWith] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: (dryRun: boolean) => send(file!, kind, query(dryRun), setProgress),
    onSettled: () => setProgress(null),
    onSuccess: (r) => {
      setResult(r);
      setCheckedWith(JSON.stringify(columns));
      if (r.committed) {
        queryClient.invalidateQueries();
        notifications.show({
          color: 'teal',
          message: `Imported ${r.rows} rows: ${r.created} created, ${r.updated} updated.`,
        });
      }
    },
  });
  const fields = catalogue.data?.kinds[kind] ?? [];
  const headers = result?.headers ?? fileHeaders;
  const mapped = result?.mapping.columns ?? {};
  const reset = () => {
    setResult(null);
    setColumns({});
  };

  return (
    <>
      <PageHeader
        title="Import"
        description="Bring in a CSV file exported from another CRM or a spreadsheet. Nothing is written until every row is right; importing the same file again updates what it created."
      />
      <Card withBorder maw={960} mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="What the file holds"
            allowDeselect={false}
            data={kinds}
            value={kind}
            onChange={(v) => {
              setKind(v as Kind);
              reset();
            }}
          />
          <Select
            label="Exported from"
            placeholder="Another system or a spreadsheet"
            clearable
            data={(catalogue.data?.presets ?? [])
              .filter((p) => p.kinds.includes(kind))
              .map((p) => ({ value: p.id, label: p.label }))}
            value={preset}
            onChange={(v) => {
              setPreset(v);
              reset();
            }}
          />
          <FileInput
            label="CSV file"
            placeholder="Choose a file"
            accept=".csv,text/csv"
            leftSection={<IconFileUpload size={16} />}
            value={file}
            onChange={(f) => {
              setFile(f);
              reset();
              setFileHeaders([]);
              void f
                ?.slice(0, 65_536)
                .text()
                .then((head) => {
                  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
                  const [record] = parseCsvString(firstLine, { delimiter: detectDelimiter(firstLine) });
                  setFileHeaders((record?.fields ?? []).map((h) => h.trim()).filter(Boolean));
                })
                .catch(() => setFileHeaders([]));
            }}
            clearable
          />
          <Select
            label="Dates are written as"
            allowDeselect={false}
            data={dateFormats}
            value={dateFormat}
            onChange={(v) => v && setDateFormat(v)}
          />
          {(saved.data?.length ?? 0) > 0 && (
            <Select
              label="Saved mapping"
              placeholder="None"
              clearable
              data={(saved.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
              value={savedId}
              onChange={applySaved}
            />
          )}
          {kind === 'deals' && (
            <Select
              label="Pipeline the stages belong to"
              placeholder="The default pipeline"
              clearable
              data={(pipelines.data ?? []).map((p) => ({
                value: p.id,
                label: `${p.name} (${p.stages.map((s) => s.name).join(', ')})`,
              }))}
              value={pipelineId}
              onChange={setPipelineId}
            />
          )}
          {kind === 'people' && (
            <TextInput
              label="In their team from"
              type="date"
              description="Default: a new person’s start date, else today"
              value={membersFrom}
              onChange={(e) => setMembersFrom(e.currentTarget.value)}
            />
          )}
        </SimpleGrid>
        <Group mt="md">
          <Button
            variant="light"
            disabled={!file}
            loading={check.isPending && check.variables === true}
            onClick={() => check.mutate(true)}
          >
            Check the file
          </Button>
          <Button
            disabled={
              !file ||
              !result ||
              result.errorCount > 0 ||
              result.committed ||
              checkedWith !== JSON.stringify(columns)
            }
            loading={check.isPending && check.variables === false}
            onClick={() => check.mutate(false)}
          >
            Import {result && !result.committed ? `${result.rows} rows` : ''}
          </Button>
        </Group>
      </Card>
      {progress !== null && (
        <Progress
          value={progress * 100}
          mb="md"
          maw={960}
          aria-label="Upload progress"
          animated={progress >= 1}
        />
      )}
      <ErrorAlert error={check.error} title="The file could not be read" />
      {check.error instanceof ApiError && check.error.fields.length > 0 && (
        <Alert color="orange" mb="md" title="Some required columns are not mapped" maw={960}>
          <Text size="sm">
            {check.error.message}. Choose them under Columns below, or pick the system the file was exported
            from.
          </Text>
        </Alert>
      )}
      {result && (
        <Stack maw={960}>
          {result.committed ? (
            <Alert color="teal" title="Imported">
              {result.rows} rows: {result.created} created, {result.updated} updated.
            </Alert>
          ) : result.errorCount === 0 ? (
            <Alert color="blue" title="Ready to import">
              All {result.rows} rows are fine: {result.created} to create, {result.updated} to update. Nothing
              has been written yet.
            </Alert>
          ) : (
            <Alert
              color="red"
              title={`${result.errorCount} problem${result.errorCount === 1 ? '' : 's'} — nothing was written`}
            >
              Fix the rows below in the file (or the column mapping) and check again.
            </Alert>
          )}
          {result.errors.length > 0 && (
            <Card withBorder>
              <Title order={2} fz="h4" mb="sm">
                Problems
              </Title>
              <Table verticalSpacing={4} aria-label="Import problems">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Line</Table.Th>
                    <Table.Th>Column</Table.Th>
                    <Table.Th>Value</Table.Th>
                    <Table.Th>Problem</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.errors.slice(0, 200).map((e) => (
                    <Table.Tr key={`${e.line}-${e.field}-${e.column}-${e.reason}`}>
                      <Table.Td>{e.line}</Table.Td>
                      <Table.Td>{e.column}</Table.Td>
                      <Table.Td>{e.value}</Table.Td>
                      <Table.Td>{e.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {result.errorCount > 200 && (
                <Text size="sm" c="dimmed" mt="xs">
                  … and {result.errorCount - 200} more.
                </Text>
              )}
            </Card>
          )}
        </Stack>
      )}
      {headers.length > 0 && (
        <Stack maw={960} mt="md">
          <Card withBorder>
            <Title order={2} fz="h4" mb={4}>
              Columns
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Which column of the file fills each field. Change one and check again.
            </Text>
            <Group mb="md" align="flex-end" gap="xs">
              <TextInput
                label="Save this mapping as"
                placeholder="e.g. Monthly ERP export"
                value={saveName}
                onChange={(e) => setSaveName(e.currentTarget.value)}
                error={save.error instanceof ApiError ? save.error.fieldErrors().name : undefined}
              />
              <Button
                variant="default"
                disabled={!saveName.trim()}
                loading={save.isPending}
                onClick={() => save.mutate()}
              >
                Save mapping
              </Button>
            </Group>
            {fields.length === 0 ? (
              <EmptyState>Loading…</EmptyState>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
                {fields.map((f) => (
                  <Select
                    key={f.key}
                    label={
                      <>
                        {f.label}{' '}
                        {f.required && (
                          <Badge size="xs" variant="light">
                            required
                          </Badge>
                        )}
                      </>
                    }
                    description={f.description}
                    placeholder="Not in the file"
                    clearable
                    data={headers}
                    value={columns[f.key] ?? mapped[f.key] ?? null}
                    onChange={(v) => setColumns({ ...columns, [f.key]: v ?? '' })}
                  />
                ))}
              </SimpleGrid>
            )}
          </Card>
        </Stack>
      )}
    </>
  );
}
