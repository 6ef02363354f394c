import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { reportError, saved } from '../../app/feedback';
import { useJobFromTemplate, useJobTemplates } from '../../data/jobs';

/** Starts the job from a saved template (the account's or a shop-wide one) with the due date and PO typed above. */
export function TemplatePicker(props: {
  accountId: string | null;
  dueDate: string;
  clientPo: string;
  title: string;
}) {
  const navigate = useNavigate();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const templates = useJobTemplates(props.accountId);
  const fromTemplate = useJobFromTemplate();
  const start = async () => {
    if (!templateId || !props.accountId) return;
    try {
      const job = await fromTemplate.mutateAsync({
        templateId,
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
