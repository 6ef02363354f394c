import { useState } from 'react';
import { Button, Group, Modal, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ConversationDetail, Message } from '../../../shared/inbox';
import { reportError, saved } from '../../app/feedback';
import { useJobItemsFor, useSaveAttachment } from '../../data/inbox-actions';
import { useJobPick } from '../../data/jobs';

type Target = { m: Message; index: number };

/**
 * Saves one attachment of an e-mail into a job's files: the conversation's job unless another of the
 * client's is chosen, the whole job or one item, as artwork or a proof (a new version when the name exists).
 */
export function SaveAttachmentModal({
  c,
  target,
  onClose,
}: {
  c: ConversationDetail;
  target: Target;
  onClose: () => void;
}) {
  const attachment = target.m.attachments[target.index]!;
  const [jobId, setJobId] = useState<string | null>(c.job?.id ?? null);
  const [itemId, setItemId] = useState<string | null>(null);
  const [kind, setKind] = useState<'artwork' | 'proof'>('artwork');
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 200);
  const jobs = useJobPick(c.account?.id, term, Boolean(c.account));
  const job = useJobItemsFor(jobId);
  const save = useSaveAttachment(c.id);
  const jobOptions = (jobs.data?.items ?? []).map((j) => ({
    value: j.id,
    label: `${j.number} · ${j.title}`,
  }));
  if (c.job && !jobOptions.some((o) => o.value === c.job!.id))
    jobOptions.unshift({ value: c.job.id, label: `${c.job.number} · ${c.job.title}` });
  const items = jobId && job.data?.id === jobId ? job.data.items : [];
  const submit = () => {
    if (!jobId) return;
    save.mutate(
      { messageId: target.m.id, index: target.index, jobId, itemId, kind },
      {
        onSuccess: (file) => {
          saved(`${file.name} saved to ${job.data?.number ?? 'the job'} as ${kind} v${file.version}`);
          onClose();
        },
        onError: (e) => reportError(e),
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Save ${attachment.filename} to a job`}>
      <Stack>
        <Select
          label="Job"
          required
          searchable
          // With the conversation's job chosen already, Enter on the focused Save button saves at once.
          data-autofocus={c.job ? undefined : true}
          placeholder="Search this client’s jobs"
          nothingFoundMessage="No job of this client matches"
          value={jobId}
          data={jobOptions}
          onSearchChange={setSearch}
          onChange={(v) => {
            setJobId(v);
            setItemId(null);
          }}
        />
        <Select
          label="Item"
          placeholder="The whole job"
          clearable
          disabled={!items.length}
          value={itemId}
          data={items.map((i) => ({
            value: i.id,
            label: `${i.position}. ${i.description ?? i.productType} (${i.quantity.toLocaleString()})`,
          }))}
          onChange={setItemId}
        />
        <div>
          <Text size="sm" fw={500} mb={4} id="save-kind">
            Save as
          </Text>
          <SegmentedControl
            aria-labelledby="save-kind"
            value={kind}
            onChange={(v) => setKind(v as 'artwork' | 'proof')}
            data={[
              { value: 'artwork', label: 'Artwork' },
              { value: 'proof', label: 'Proof' },
            ]}
          />
        </div>
        <Text size="xs" c="dimmed">
          A file of the same name and kind becomes its next version; a new proof waits for the client’s
          approval.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            loading={save.isPending}
            disabled={!jobId}
            data-autofocus={c.job ? true : undefined}
          >
            Save to job
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
