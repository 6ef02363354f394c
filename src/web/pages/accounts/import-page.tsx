import { useState } from 'react';
import {
  Alert,
  Button,
  FileInput,
  Group,
  List,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import {
  ImportField,
  type ImportMapping,
  type ImportPreview,
  type ImportResult,
} from '../../../shared/accounts-import';
import { ApiError } from '../../app/api';
import { saved } from '../../app/feedback';
import { useImportAccounts, usePreviewImport } from '../../data/accounts';
import { PageHeader } from '../../app/ui';
import { fieldLabel, PlannedChanges, PreviewTable } from './import-preview';
import { readBase64 } from '../../app/files';

/** Where a commit problem is: `rows.4.contactEmail` → "Row 4, Contact email"; `mapping.segment` → "Column for Segment". */
function problemPlace(path: string) {
  const row = /^rows\.(\d+)\.(.+)$/.exec(path);
  if (row) return `Row ${row[1]}, ${fieldLabel(row[2]!)}`;
  const mapped = /^mapping\.(.+)$/.exec(path);
  if (mapped) return `Column for ${fieldLabel(mapped[1]!)}`;
  return path;
}

/** Import accounts with contacts from CSV or XLSX: preview, fix the column mapping, then all or nothing. */
export function ImportPage() {
  const navigate = useNavigate();
  const previewImport = usePreviewImport();
  const importAccounts = useImportAccounts();
  const [file, setFile] = useState<File | null>(null);
  const [content, setContent] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [busy, setBusy] = useState(false);
  const [rowErrors, setRowErrors] = useState<{ path: string; message: string }[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const runPreview = async (base64: string, name: string, map?: ImportMapping) => {
    setBusy(true);
    setFailure(null);
    try {
      const p = await previewImport.mutateAsync({
        filename: name,
        contentBase64: base64,
        mapping: map,
      });
      setPreview(p);
      setMapping(p.mapping as ImportMapping);
      setRowErrors([]);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setResult(null);
    setFailure(null);
    if (!f) return;
    const base64 = await readBase64(f);
    setContent(base64);
    await runPreview(base64, f.name);
  };

  const commit = async () => {
    if (!file || !content) return;
    setBusy(true);
    try {
      const r = await importAccounts.mutateAsync({ filename: file.name, contentBase64: content, mapping });
      saved(`Imported: ${r.accountsCreated} new and ${r.accountsUpdated} updated accounts`);
      setResult(r);
      setPreview(null);
      setFile(null);
      setContent(null);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) setRowErrors(err.problem.errors);
      else setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = ImportField.options;
  return (
    <Stack>
      <PageHeader
        title="Import accounts"
        sub="One row per contact; rows with the same Account ID (or account name) make one account, and a row for an account that exists updates it. CSV or XLSX, up to 20,000 rows."
      />
      <FileInput
        label="File"
        placeholder="Choose a .csv or .xlsx file"
        accept=".csv,.xlsx,text/csv"
        leftSection={<IconUpload size={16} />}
        value={file}
        onChange={choose}
        w={420}
      />
      {!file && !result && (
        <Text size="sm" c="dimmed">
          Choose a file to see how its columns map onto account and contact fields before anything is saved.
        </Text>
      )}
      {failure && (
        <Alert color="red" title="The file could not be read or imported" role="alert">
          {failure}
        </Alert>
      )}
      {result && (
        <Alert color="green" title="Import finished">
          <Group justify="space-between">
            <Text size="sm">
              Created {result.accountsCreated} and updated {result.accountsUpdated} accounts (
              {result.accountsUnchanged} unchanged); {result.contactsCreated} new and {result.contactsUpdated}{' '}
              changed contacts.
            </Text>
            <Button size="xs" variant="light" onClick={() => navigate('/accounts')}>
              Open accounts
            </Button>
          </Group>
        </Alert>
      )}
      {preview && (
        <>
          <Text size="sm">
            {preview.totalRows} rows ({preview.encoding}) → {preview.accounts} accounts and {preview.contacts}{' '}
            contacts: <b>{preview.creates} new</b>, <b>{preview.updates} to update</b>, {preview.unchanged}{' '}
            unchanged.
          </Text>
          <Text fw={600}>Columns</Text>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            {fields.map((f) => (
              <Select
                key={f}
                label={fieldLabel(f)}
                placeholder="Not imported"
                clearable
                data={preview.columns}
                value={mapping[f] ?? null}
                onChange={(v) => setMapping({ ...mapping, [f]: v })}
              />
            ))}
          </SimpleGrid>
          <Group>
            <Button
              variant="default"
              loading={busy}
              onClick={() => content && file && runPreview(content, file.name, mapping)}
            >
              Check again with this mapping
            </Button>
            <Button
              loading={busy}
              disabled={preview.errors.length > 0 || preview.creates + preview.updates === 0}
              onClick={commit}
            >
              Import: {preview.creates} new, {preview.updates} updated
            </Button>
          </Group>
          {(preview.errors.length > 0 || rowErrors.length > 0) && (
            <Alert
              color="red"
              title={`${preview.errors.length || rowErrors.length} problem(s): nothing will be imported until they are fixed`}
            >
              <ScrollArea.Autosize mah={220}>
                <List size="sm">
                  {preview.errors.map((e, i) => (
                    <List.Item key={i}>
                      Row {e.row}, {fieldLabel(e.path)}: {e.message}
                    </List.Item>
                  ))}
                  {rowErrors.map((e, i) => (
                    <List.Item key={`c${i}`}>
                      {problemPlace(e.path)}: {e.message}
                    </List.Item>
                  ))}
                </List>
              </ScrollArea.Autosize>
            </Alert>
          )}
          <Text fw={600}>What changes</Text>
          <PlannedChanges preview={preview} />
          <Text fw={600}>Rows</Text>
          <PreviewTable preview={preview} mapping={mapping} />
        </>
      )}
    </Stack>
  );
}
