import { useState } from 'react';
import { Anchor, Button, Card, FileInput, Group, Select, Table, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { productTypeName, type Job } from '../../../shared/jobs';
import { reportError, saved } from '../../app/feedback';
import { readBase64 } from '../../app/files';
import { dateTime, humanize } from '../../app/ui';
import { jobLinks, useJobFiles, useUploadJobFile } from '../../data/jobs';
import { useProofsChanged } from '../../data/proofs';

/** Artwork and proofs of a job: upload (a same-named file becomes a new version) and download. */
export function JobFiles({ job }: { job: Job }) {
  const files = useJobFiles(job.id);
  const uploadFile = useUploadJobFile(job.id);
  const proofsChanged = useProofsChanged(job.id);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<'artwork' | 'proof' | 'other'>('artwork');
  const [itemId, setItemId] = useState<string | null>(job.items[0]?.id ?? null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const f = await uploadFile.mutateAsync({
        itemId,
        kind,
        filename: file.name,
        contentType: file.type || undefined,
        contentBase64: await readBase64(file),
      });
      saved(`${f.name} v${f.version} uploaded`);
      // A new proof version puts its item back to waiting for the client.
      if (f.kind === 'proof') void proofsChanged();
      setFile(null);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const itemLabel = (id: string | null) => {
    const item = job.items.find((i) => i.id === id);
    return item ? `${item.position}. ${productTypeName(item.productType)}` : 'Whole job';
  };
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Files
      </Text>
      <Group align="flex-end" gap="xs" mb="sm">
        <FileInput
          label="File"
          placeholder="Choose a file"
          value={file}
          onChange={setFile}
          leftSection={<IconUpload size={14} />}
          w={220}
        />
        <Select
          label="Kind"
          w={120}
          allowDeselect={false}
          value={kind}
          onChange={(v) => v && setKind(v as typeof kind)}
          data={[
            { value: 'artwork', label: 'Artwork' },
            { value: 'proof', label: 'Proof' },
            { value: 'other', label: 'Other' },
          ]}
        />
        <Select
          label="For"
          w={190}
          clearable
          placeholder="Whole job"
          value={itemId}
          onChange={setItemId}
          data={job.items.map((i) => ({ value: i.id, label: itemLabel(i.id) }))}
        />
        <Button onClick={upload} disabled={!file} loading={busy}>
          Upload
        </Button>
      </Group>
      {(files.data?.items.length ?? 0) === 0 ? (
        <Text size="sm" c="dimmed">
          No files yet.
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {files.data!.items.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <Anchor href={jobLinks.file(job.id, f.id)} size="sm">
                    {f.name}
                  </Anchor>{' '}
                  <Text span size="xs" c="dimmed">
                    v{f.version}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {humanize(f.kind)} · {itemLabel(f.itemId)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {(f.size / 1024).toFixed(0)} KB · {f.uploadedBy ?? ''} · {dateTime(f.createdAt)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
