import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  Anchor,
  Progress,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import {
  MailingField,
  mailingFieldLabels,
  type BadRowsMode,
  type ImportPreview,
  type MailingList,
  type MailingMapping,
} from '../../../shared/mailing';
import type { Problem } from '../../../shared/common';
import { ApiError } from '../../app/api';
import { reportError } from '../../app/feedback';
import { day } from '../../app/ui';
import { mailingApi, mailingLinks, useStartImport } from '../../data/mailing';

/** Upload → check the guessed mapping against a preview → import in the background (progress shown on the list). */
export function ImportWizard({ list }: { list: MailingList }) {
  const startImport = useStartImport(list.id);
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<MailingMapping | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [starting, setStarting] = useState(false);
  const [badRows, setBadRows] = useState<BadRowsMode>('reject_file');
  const last = list.lastRun?.kind === 'import' && list.lastRun.rejectedRows ? list.lastRun : null;

  const send = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setProblem(null);
    if (!f) return;
    setUploading(0);
    try {
      const p = await mailingApi.upload(list.id, f, setUploading);
      setPreview(p);
      setMapping(p.mapping);
    } catch (err) {
      if (err instanceof ApiError) setProblem(err.problem);
      else reportError(err);
    } finally {
      setUploading(null);
    }
  };

  const start = async () => {
    if (!preview || !mapping) return;
    setStarting(true);
    setProblem(null);
    try {
      await startImport.mutateAsync({ runId: preview.run.id, mapping, badRows });
      setPreview(null);
      setFile(null);
    } catch (err) {
      if (err instanceof ApiError) setProblem(err.problem);
      else reportError(err);
    } finally {
      setStarting(false);
    }
  };

  const columnOptions = preview?.columns.map((c) => ({ value: c, label: c })) ?? [];
  const setField = (field: MailingField, column: string | null) => {
    if (!mapping) return;
    const fields = { ...mapping.fields, [field]: column };
    const used = new Set(Object.values(fields).filter(Boolean));
    const custom = (preview?.columns ?? []).filter((c) => !used.has(c) && !/^Column \d+$/.test(c));
    setMapping({ fields, custom });
  };

  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        {list.records ? 'Replace the list with a new file' : 'Import a file'}
      </Text>
      <Stack>
        {last && (
          <Alert
            color="yellow"
            title={`${last.rejectedRows === 1 ? 'One malformed row was' : `${last.rejectedRows} malformed rows were`} left out of ${last.filename}`}
          >
            The good rows were imported.{' '}
            {last.rejectsKeptUntil && new Date(last.rejectsKeptUntil) <= new Date() ? (
              <>The rejected rows were removed on {day(last.rejectsKeptUntil)}.</>
            ) : (
              <>
                <Anchor href={mailingLinks.rejects(list.id, last.id)} download>
                  Download the rejected rows (CSV, with the reason for each)
                </Anchor>
                {last.rejectsKeptUntil && <> — kept until {day(last.rejectsKeptUntil)}.</>}
              </>
            )}
          </Alert>
        )}
        <FileInput
          label="CSV or Excel (.xlsx) file"
          description="Up to 160 MB (about 1.5 million rows). The first row must name the columns."
          placeholder="Choose a file"
          accept=".csv,.txt,.tsv,.xlsx"
          leftSection={<IconUpload size={16} />}
          value={file}
          onChange={(f) => void send(f)}
          clearable
        />
        {uploading !== null && <Progress value={uploading} animated aria-label="Upload progress" />}
        {problem && (
          <Alert color="red" title="This file cannot be imported">
            {problem.detail}
            {problem.errors?.map((e) => (
              <Text key={e.path} size="sm">
                {e.path}: {e.message}
              </Text>
            ))}
          </Alert>
        )}
        {preview && mapping && (
          <>
            <Text size="sm" c="dimmed">
              Read as {preview.encoding}; {preview.columns.length} columns. Check which column fills each
              field; other columns are kept as custom fields for variable data:{' '}
              {mapping.custom.join(', ') || 'none'}.
            </Text>
            {preview.problems.map((p) => (
              <Alert key={p} color="yellow">
                {p}
              </Alert>
            ))}
            <Group grow align="flex-start" wrap="wrap">
              {MailingField.options.map((field) => (
                <Select
                  key={field}
                  label={mailingFieldLabels[field]}
                  data={columnOptions}
                  value={mapping.fields[field] ?? null}
                  onChange={(v) => setField(field, v)}
                  clearable
                  placeholder="not imported"
                  miw={170}
                />
              ))}
            </Group>
            <ScrollArea>
              <Table striped withTableBorder fz="xs" aria-label="Preview of the first rows">
                <Table.Thead>
                  <Table.Tr>
                    {preview.columns.map((c) => (
                      <Table.Th key={c}>{c}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.sample.map((row, i) => (
                    <Table.Tr key={i}>
                      {row.map((cell, j) => (
                        <Table.Td key={j}>{cell}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
            <Radio.Group
              label="If a row is malformed"
              value={badRows}
              onChange={(v) => setBadRows(v as BadRowsMode)}
            >
              <Stack gap={4} mt={4}>
                <Radio
                  value="reject_file"
                  label="Import nothing: the list changes only when every row is in"
                />
                <Radio
                  value="skip"
                  label="Import the good rows and let me download the rejected ones with the reason"
                />
              </Stack>
            </Radio.Group>
            {preview.badRows.length > 0 && (
              <Text size="sm" c="red">
                Malformed: {preview.badRows.map((b) => `row ${b.row}`).join(', ')}
                {preview.badRows.length >= 20 ? ' and maybe more' : ''}.
              </Text>
            )}
            <Group>
              <Button onClick={() => void start()} loading={starting}>
                Import
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
