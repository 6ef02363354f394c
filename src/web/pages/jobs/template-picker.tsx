import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Job, JobTemplate } from '../../../shared/jobs';
import { api, qs, type Page } from '../../app/api';
import { reportError, saved } from '../../app/feedback';

/** Starts the job from a saved template (the account's or a shop-wide one) with the due date and PO typed above. */
export function TemplatePicker(props: {
  accountId: string | null;
  dueDate: string;
  clientPo: string;
  title: string;
}) {
  const navigate = useNavigate();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['job-templates', props.accountId],
    queryFn: () => api.get<Page<JobTemplate>>(`/job-templates${qs({ accountId: props.accountId })}`),
    enabled: Boolean(props.accountId),
  });
  const start = async () => {
    try {
      const job = await api.post<Job>(`/job-templates/${templateId}/jobs`, {
        accountId: props.accountId,
        dueDate: props.dueDate,
        ...(props.clientPo.trim() ? { clientPo: props.clientPo.trim() } : {}),
        ...(props.title.trim() ? { title: props.title.trim() } : {}),
      });
      saved(`Created ${job.number} from the template`);
      navigate(`/jobs/${job.id}`);
    } catch (err) {
      reportError(err);
    }
  };
  if (!props.accountId || !templates.data?.items.length) return null;
  return (
    <Group gap="xs" align="flex-end">
      <Select
        label="Or start from a template"
        placeholder="Choose a template"
        w={240}
        data={templates.data.items.map((t) => ({ value: t.id, label: t.name }))}
        value={templateId}
        onChange={setTemplateId}
      />
      <Button variant="light" disabled={!templateId || !props.dueDate} onClick={start}>
        Create from template
      </Button>
    </Group>
  );
}
