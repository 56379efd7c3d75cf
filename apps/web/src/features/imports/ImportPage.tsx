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
import { useMemo, useState } from 'react';
import { ApiError, api, type Schemas, unwrap, writeHeaders } from '../../api/client';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';

type Result = Schemas['ImportResult'];
type Kind = Result['kind'];
type SavedSettings = Schemas['SavedMapping']['mapping'];
type DateFormat = NonNullable<SavedSettings['dateFormat']>;
type Decimal = NonNullable<SavedSettings['decimal']>;
type Delimiter = NonNullable<SavedSettings['delimiter']>;

const kinds: { value: Kind; label: string }[] = [
  { value: 'people', label: 'People and teams' },
  { value: 'accounts', label: 'Accounts' },
  { value: 'contacts', label: 'Contacts' },
  { value: 'products', label: 'Products' },
  { value: 'deals', label: 'Deals' },
  { value: 'stage-history', label: 'Deal stage history' },
  { value: 'activities', label: 'Activities' },
];

const dateFormats: DateFormat[] = [
  'auto',
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'D-MMM-YYYY',
];
const decimals: { value: Decimal | 'auto'; label: string }[] = [
  { value: 'auto', label: 'Read from each amount' },
  { value: '.', label: 'Point: 1,234.50' },
  { value: ',', label: 'Comma: 1.234,50' },
];
const delimiters: { value: Delimiter | 'auto'; label: string }[] = [
  { value: 'auto', label: 'Detected' },
  { value: ',', label: 'Comma ,' },
  { value: ';', label: 'Semicolon ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Vertical bar |' },
];

/** The picker's choice for a field left out on purpose (sent as ""). Headers are trimmed, so none is this. */
const NOT_IMPORTED = ' not imported';

/** Everything a check depends on besides the file: a check is valid for importing only with the same. */
interface Settings {
  preset: string | null;
  dateFormat: DateFormat;
  decimal: Decimal | 'auto';
  delimiter: Delimiter | 'auto';
  /** Overrides of the suggested mapping: field key → header, '' for a field left out. */
  columns: Record<string, string>;
  pipelineId: string | null;
  membersFrom: string;
}

const settingNames: Record<keyof Settings, string> = {
  preset: 'the export it came from',
  dateFormat: 'the date format',
  decimal: 'the decimal separator',
  delimiter: 'the delimiter',
  columns: 'the columns',
  pipelineId: 'the pipeline',
  membersFrom: 'the day they join their team',
};

function toQuery(s: Settings, dryRun: boolean): Record<string, string> {
  return {
    dryRun: String(dryRun),
    ...(s.preset && { preset: s.preset }),
    ...(s.dateFormat !== 'auto' && { dateFormat: s.dateFormat }),
    ...(s.decimal !== 'auto' && { decimal: s.decimal }),
    ...(s.delimiter !== 'auto' && { delimiter: s.delimiter }),
    ...(s.pipelineId && { pipelineId: s.pipelineId }),
    ...(s.membersFrom && { membersFrom: s.membersFrom }),
    ...(Object.keys(s.columns).length > 0 && { mapping: JSON.stringify(s.columns) }),
  };
}

/** The settings that differ between the last check and now. */
function changedSince(checked: Settings, now: Settings): (keyof Settings)[] {
  return (Object.keys(settingNames) as (keyof Settings)[]).filter(
    (k) => JSON.stringify(checked[k]) !== JSON.stringify(now[k]),
  );
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

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
 * dry run, adjust the column mapping, then import — all or nothing. Importing needs a check that
 * passed with the settings as they are now.
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
  const [dateFormat, setDateFormat] = useState<DateFormat>('auto');
  const [decimal, setDecimal] = useState<Decimal | 'auto'>('auto');
  const [delimiter, setDelimiter] = useState<Delimiter | 'auto'>('auto');
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [membersFrom, setMembersFrom] = useState('');
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  /** The settings the shown result was checked with. */
  const [checked, setChecked] = useState<Settings | null>(null);
  const [savedId, setSavedId] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  /** The file's header line, read in the browser, so the columns can be mapped before any check. */
  const [headerLine, setHeaderLine] = useState('');
  const fileHeaders = useMemo(() => {
    if (!headerLine) return [];
    const [record] = parseCsvString(headerLine, {
      delimiter: delimiter === 'auto' ? detectDelimiter(headerLine) : delimiter,
    });
    return (record?.fields ?? []).map((h) => h.trim()).filter(Boolean);
  }, [headerLine, delimiter]);

  const settings: Settings = {
    preset,
    dateFormat,
    decimal,
    delimiter,
    columns,
    pipelineId: kind === 'deals' ? pipelineId : null,
    membersFrom: kind === 'people' ? membersFrom : '',
  };
  const changed = checked ? changedSince(checked, settings) : [];

  const saved = useQuery({
    queryKey: ['imports', 'mappings', kind],
    queryFn: () => unwrap(api.GET('/api/imports/mappings', { params: { query: { kind } } })),
  });
  const [progress, setProgress] = useState<number | null>(null);
  const check = useMutation({
    mutationFn: (run: { dryRun: boolean; settings: Settings }) =>
      send(file!, kind, toQuery(run.settings, run.dryRun), setProgress),
    onSettled: () => setProgress(null),
    onSuccess: (r, run) => {
      setResult(r);
      setChecked(run.settings);
      if (r.committed) {
        queryClient.invalidateQueries();
        notifications.show({
          color: 'teal',
          message: `Imported ${r.rows} rows: ${r.created} created, ${r.updated} updated.`,
        });
      }
    },
    onError: () => {
      // The check on screen no longer stands for the file and settings now chosen.
      setResult(null);
      setChecked(null);
    },
  });

  const fields = catalogue.data?.kinds[kind] ?? [];
  // The file's columns as the last check read them, unless the delimiter has changed since.
  const headers = result && checked?.delimiter === delimiter ? result.headers : fileHeaders;
  const suggested = result?.mapping.columns ?? {};
  /** Columns chosen for a field: the import takes them away from any field the suggestion gave them to. */
  const chosen = new Set(Object.values(columns).filter(Boolean));
  /** What a field's picker shows: the column chosen, "not imported", or the column the check matched. */
  const pickerValue = (key: string): string | null => {
    const own = columns[key];
    if (own !== undefined) return own === '' ? NOT_IMPORTED : own;
    const header = suggested[key];
    return header && !chosen.has(header) && headers.includes(header) ? header : null;
  };

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/imports/mappings', {
          body: {
            name: saveName,
            kind,
            mapping: {
              // What the pickers show; a field left out is kept as "" so that it stays out next time.
              columns: Object.fromEntries(
                fields.flatMap((f) => {
                  const v = pickerValue(f.key);
                  return v === null ? [] : [[f.key, v === NOT_IMPORTED ? '' : v]];
                }),
              ),
              ...(dateFormat !== 'auto' && { dateFormat }),
              ...(decimal !== 'auto' && { decimal }),
              ...(delimiter !== 'auto' && { delimiter }),
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
    setDateFormat(m.mapping.dateFormat ?? 'auto');
    setDecimal(m.mapping.decimal ?? 'auto');
    setDelimiter(m.mapping.delimiter ?? 'auto');
  };
  const reset = () => {
    setResult(null);
    setChecked(null);
    setColumns({});
  };

  const canImport = !!file && !!result && result.dryRun && result.errorCount === 0 && changed.length === 0;
  const importNote =
    !file || check.isPending || result?.committed
      ? null
      : !result
        ? 'Check the file first: nothing is imported before a check has passed.'
        : changed.length > 0
          ? `${capitalised(listed(changed.map((k) => settingNames[k])))} changed since the last check: check the file again to import.`
          : result.errorCount > 0
            ? 'Fix the problems and check the file again.'
            : null;

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
              setSavedId(null);
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
              setHeaderLine('');
              void f
                ?.slice(0, 65_536)
                .text()
                .then((head) => setHeaderLine(head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? ''))
                .catch(() => setHeaderLine(''));
            }}
            clearable
          />
          <Select
            label="Dates are written as"
            allowDeselect={false}
            data={dateFormats}
            value={dateFormat}
            onChange={(v) => v && setDateFormat(v as DateFormat)}
          />
          <Select
            label="Decimal separator"
            allowDeselect={false}
            data={decimals}
            value={decimal}
            onChange={(v) => v && setDecimal(v as Decimal | 'auto')}
          />
          <Select
            label="Columns are separated by"
            allowDeselect={false}
            data={delimiters}
            value={delimiter}
            onChange={(v) => v && setDelimiter(v as Delimiter | 'auto')}
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
            loading={check.isPending && check.variables?.dryRun === true}
            onClick={() => check.mutate({ dryRun: true, settings })}
          >
            Check the file
          </Button>
          <Button
            disabled={!canImport}
            loading={check.isPending && check.variables?.dryRun === false}
            onClick={() => check.mutate({ dryRun: false, settings })}
          >
            Import {result && !result.committed ? `${result.rows} rows` : ''}
          </Button>
          {importNote && (
            <Text size="sm" c="dimmed">
              {importNote}
            </Text>
          )}
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
          ) : result.errorCount === 0 && changed.length > 0 ? (
            <Alert color="gray" title="Checked with other settings">
              With the settings of the last check, all {result.rows} rows were fine. Nothing has been written
              yet.
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
                    allowDeselect={false}
                    data={f.required ? headers : [{ value: NOT_IMPORTED, label: 'Not imported' }, ...headers]}
                    value={pickerValue(f.key)}
                    onChange={(v) =>
                      v !== null && setColumns({ ...columns, [f.key]: v === NOT_IMPORTED ? '' : v })
                    }
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
