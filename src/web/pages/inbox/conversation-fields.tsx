import { useState } from 'react';
import { Select, SimpleGrid, TagsInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ConversationDetail, Priority } from '../../../shared/inbox';
import { can } from '../../../shared/permissions';
import { useJobPick } from '../../data/jobs';
import { useActiveUsers } from '../../data/users';

export type ConversationPatch = {
  priority?: Priority;
  assigneeId?: string | null;
  jobId?: string | null;
  tags?: string[];
};

const priorities = [
  { value: 'urgent', label: 'Urgent' },
  { value: 'high', label: 'High' },
  { value: 'normal', label: 'Normal' },
  { value: 'low', label: 'Low' },
];

/** Assignee, priority, linked job and tags of a conversation; each change is saved at once. */
export function ConversationFields({
  c,
  onPatch,
}: {
  c: ConversationDetail;
  onPatch: (input: ConversationPatch) => void;
}) {
  const [jobSearch, setJobSearch] = useState('');
  const [typed] = useDebouncedValue(jobSearch, 200);
  const linked = c.job ? `${c.job.number} · ${c.job.title}` : null;
  // Picking a job puts its label in the search box; that is not a search.
  const term = typed === linked ? '' : typed;
  const users = useActiveUsers();
  const jobs = useJobPick(c.account?.id, term, Boolean(c.account));
  const jobOptions = (jobs.data?.items ?? []).map((j) => ({
    value: j.id,
    label: `${j.number} · ${j.title}`,
  }));
  if (c.job && linked && !jobOptions.some((o) => o.value === c.job!.id))
    jobOptions.unshift({ value: c.job.id, label: linked });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
      <Select
        label="Assignee"
        placeholder="Unassigned"
        clearable
        searchable
        value={c.assignee?.id ?? null}
        data={(users.data?.items ?? [])
          // Conversations go to those who may answer them.
          .filter((u) => can(u.role, 'conversation.reply'))
          .map((u) => ({ value: u.id, label: u.name }))}
        onChange={(v) => onPatch({ assigneeId: v })}
      />
      <Select
        label="Priority"
        value={c.priority}
        allowDeselect={false}
        data={priorities}
        onChange={(v) => v && onPatch({ priority: v as Priority })}
      />
      <Select
        label="Job"
        placeholder={c.account ? 'Link a job' : 'Link the sender first'}
        disabled={!c.account}
        clearable
        searchable
        nothingFoundMessage="No job of this client matches"
        value={c.job?.id ?? null}
        data={jobOptions}
        onSearchChange={setJobSearch}
        onChange={(v) => onPatch({ jobId: v })}
      />
      <TagsInput
        label="Tags"
        placeholder="Add a tag, Enter"
        value={c.tags}
        maxTags={20}
        onChange={(tags) => onPatch({ tags })}
      />
    </SimpleGrid>
  );
}
