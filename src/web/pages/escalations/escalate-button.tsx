import { useState } from 'react';
import {
  Anchor,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import {
  CreateEscalation,
  categoryLabels,
  severityLabels,
  type EscalationCategory,
  type Severity,
} from '../../../shared/escalations';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useCreateEscalation, useOrderEscalations } from '../../data/escalations';

type Subject = { jobId: string } | { conversationId: string } | { orderId: string };
type Values = { title: string; description: string; severity: Severity; category: EscalationCategory };

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

function EscalateDialog({
  subject,
  defaultTitle,
  defaultCategory,
  onClose,
}: {
  subject: Subject;
  defaultTitle: string;
  defaultCategory: EscalationCategory;
  onClose: () => void;
}) {
  const createEscalation = useCreateEscalation();
  const navigate = useNavigate();
  const toBody = (v: Values) => ({
    ...subject,
    title: v.title,
    description: v.description.trim() || null,
    severity: v.severity,
    category: v.category,
  });
  const form = useForm<Values>({
    initialValues: { title: defaultTitle, description: '', severity: 'S3', category: defaultCategory },
    validate: zodValidate(CreateEscalation, toBody as never),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      // Validated against CreateEscalation with the same body; parsing gives the typed request.
      const e = await createEscalation.mutateAsync(CreateEscalation.parse(toBody(values)));
      saved(`${e.number} opened; ${e.owner?.name ?? 'nobody'} owns it`);
      onClose();
      navigate(`/escalations/${e.id}`);
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal opened onClose={onClose} title="Escalate" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="What is wrong" required data-autofocus {...form.getInputProps('title')} />
          <SimpleGrid cols={2}>
            <Select
              label="Severity"
              description="Sets the due-by: S1 2 h, S2 1 day, S3 3 days, S4 5 days"
              allowDeselect={false}
              data={options(severityLabels)}
              {...form.getInputProps('severity')}
            />
            <Select
              label="Category"
              allowDeselect={false}
              data={options(categoryLabels)}
              {...form.getInputProps('category')}
            />
          </SimpleGrid>
          <Textarea label="Details" autosize minRows={3} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="orange" loading={form.submitting}>
              Escalate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * “Escalate” for a job or a conversation: severity, category and what is wrong; the escalation goes to the
 * first level of the escalation path and its page opens.
 */
export function EscalateButton({
  subject,
  defaultTitle,
  defaultCategory = 'service',
  disabled,
}: {
  subject: Subject;
  defaultTitle: string;
  defaultCategory?: EscalationCategory;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconAlertTriangle size={16} />}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        Escalate
      </Button>
      {open && (
        <EscalateDialog
          subject={subject}
          defaultTitle={defaultTitle}
          defaultCategory={defaultCategory}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/** The job page's “Escalate” (mounted there with one line). */
export function EscalateJobButton({ job }: { job: { id: string; number: string; title: string } }) {
  const user = useUser();
  if (!can(user.role, 'escalation.handle')) return null;
  return (
    <EscalateButton
      subject={{ jobId: job.id }}
      defaultTitle={`${job.number} ${job.title}`}
      defaultCategory="delay"
    />
  );
}

/** The staff order page's “Escalate”: the escalation links the order (and its job, once there is one). */
export function EscalateOrderButton({ order }: { order: { id: string; number: string } }) {
  const user = useUser();
  if (!can(user.role, 'escalation.handle')) return null;
  return (
    <EscalateButton
      subject={{ orderId: order.id }}
      defaultTitle={`Order ${order.number}`}
      defaultCategory="delay"
    />
  );
}

/** The escalations of a portal order (open and resolved), each linking to its page; nothing when none. */
export function OrderEscalations({ orderId }: { orderId: string }) {
  const list = useOrderEscalations(orderId);
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Text size="sm">
      Escalations:{' '}
      {items.map((e, i) => (
        <span key={e.id}>
          {i > 0 && ', '}
          <Anchor component={Link} to={`/escalations/${e.id}`} size="sm">
            {e.number}
          </Anchor>{' '}
          ({e.status === 'open' ? `${e.severity}, ${e.levelLabel}` : 'resolved'})
        </span>
      ))}
    </Text>
  );
}
