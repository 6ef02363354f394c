import { useState } from 'react';
import { Badge, Button, Card, Code, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { MailTemplate } from '../../../shared/audit';
import { reportError, saved } from '../../app/feedback';
import { useMailTemplates, useSaveMailTemplate } from '../../data/admin';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';

function TemplateEditor({ template }: { template: MailTemplate }) {
  const saveTemplate = useSaveMailTemplate(template.key);
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [errors, setErrors] = useState<{ subject?: string; body?: string }>({});
  const save = async () => {
    setErrors({});
    try {
      await saveTemplate.mutateAsync({ subject, body });
      saved(`“${template.name}” saved`);
    } catch (err) {
      const problem = (err as { problem?: { detail: string; errors?: { path: string }[] } }).problem;
      const field = problem?.errors?.[0]?.path.replace(/^body\./, '');
      if (problem && (field === 'subject' || field === 'body')) setErrors({ [field]: problem.detail });
      else reportError(err);
    }
  };
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{template.name}</Text>
        <Badge variant="light" color={template.customised ? 'blue' : 'gray'}>
          {template.customised ? `Edited ${dateTime(template.updatedAt)}` : 'Built-in wording'}
        </Badge>
      </Group>
      <Stack>
        <TextInput
          label="Subject"
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={errors.subject}
        />
        <Textarea
          label="Body"
          autosize
          minRows={8}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={errors.body}
        />
        <Text size="xs" c="dimmed">
          Merge fields:{' '}
          {template.fields.map((f) => (
            <span key={f.name} title={f.description}>
              <Code>{`{{${f.name}}}`}</Code>{' '}
            </span>
          ))}
        </Text>
        <Group justify="flex-end">
          <Button onClick={save}>Save</Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The wording of the e-mails clients receive (shipping notices…), with merge fields. */
export function MailTemplatesPage() {
  const list = useMailTemplates();
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  return (
    <>
      <PageHeader title="E-mail templates" sub="What clients receive from Jobjacket" />
      <Stack>
        {list.data.items.map((t) => (
          <TemplateEditor key={t.key} template={t} />
        ))}
      </Stack>
    </>
  );
}
