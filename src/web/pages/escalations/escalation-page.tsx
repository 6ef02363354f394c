import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useParams } from 'react-router';
import {
  ResolveEscalation,
  categoryLabels,
  severityLabels,
  type Escalation,
  type EscalationCategory,
  type Severity,
} from '../../../shared/escalations';
import { can } from '../../../shared/permissions';
import { useEscalation, useResolveEscalation, useUpdateEscalation } from '../../data/escalations';
import { useActiveUsers } from '../../data/users';
import { useUser } from '../../app/auth';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { dateTime, ErrorBox, humanize, Loading, PageHeader } from '../../app/ui';

export const sevColor = { S1: 'red', S2: 'orange', S3: 'yellow', S4: 'gray' } as const;
const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

function ResolveForm({ e }: { e: Escalation }) {
  const resolve = useResolveEscalation(e.id);
  const form = useForm({
    initialValues: { rootCause: '', correctiveAction: '' },
    validate: zodValidate(ResolveEscalation),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await resolve.mutateAsync(values);
      saved(`${e.number} resolved`);
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Stack>
          <Title order={4}>Resolve</Title>
          <Textarea
            label="Root cause"
            description="Why it happened, not just what happened"
            required
            autosize
            minRows={2}
            {...form.getInputProps('rootCause')}
          />
          <Textarea
            label="Corrective action"
            description="What changes so that it does not happen again"
            required
            autosize
            minRows={2}
            {...form.getInputProps('correctiveAction')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>
              Resolve
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** One escalation: what, whose, how urgent, its history, and the resolution with root cause and corrective action. */
export function EscalationPage() {
  const { id } = useParams() as { id: string };
  const user = useUser();
  const canHandle = can(user.role, 'escalation.handle');
  const esc = useEscalation(id);
  const users = useActiveUsers(canHandle);
  const update = useUpdateEscalation();
  if (esc.error) return <ErrorBox error={esc.error} />;
  if (!esc.data) return <Loading />;
  const e = esc.data;
  const open = e.status === 'open';
  const patch = async (body: Omit<Parameters<typeof update.mutateAsync>[0], 'id'>, message: string) => {
    try {
      await update.mutateAsync({ id, ...body });
      saved(message);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <>
      <PageHeader
        title={`${e.number} · ${e.title}`}
        sub={
          <Group gap="xs">
            <Badge color={sevColor[e.severity]}>{e.severity}</Badge>
            <Badge variant="light" color={open ? 'orange' : 'green'}>
              {open ? 'Open' : 'Resolved'}
            </Badge>
            {e.automatic && (
              <Badge variant="light" color="gray">
                Automatic
              </Badge>
            )}
            <Text size="sm">
              {e.levelLabel} · {e.owner?.name ?? 'no owner'} · {categoryLabels[e.category]}
            </Text>
          </Group>
        }
      >
        <Button variant="default" component={Link} to="/escalations">
          Board
        </Button>
        {open && canHandle && (
          <Button
            variant="default"
            color="orange"
            onClick={() => patch({ raise: true }, 'Raised to the next level')}
          >
            Raise a level
          </Button>
        )}
      </PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Card withBorder>
              <Stack gap="xs">
                <Text size="sm">
                  Client:{' '}
                  <Anchor component={Link} to={`/accounts/${e.account.id}`} size="sm">
                    {e.account.name}
                  </Anchor>
                  {e.conversation && (
                    <>
                      {' · conversation '}
                      <Anchor component={Link} to={`/inbox/${e.conversation.id}`} size="sm">
                        {e.conversation.subject}
                      </Anchor>
                    </>
                  )}
                  {e.order && (
                    <>
                      {' · order '}
                      <Anchor component={Link} to={`/orders/${e.order.id}`} size="sm">
                        {e.order.number}
                      </Anchor>
                    </>
                  )}
                  {e.job && (
                    <>
                      {' · job '}
                      <Anchor component={Link} to={`/jobs/${e.job.id}`} size="sm">
                        {e.job.number} {e.job.title}
                      </Anchor>{' '}
                      (due {e.job.dueDate})
                    </>
                  )}
                </Text>
                {open && (
                  <Text size="sm" c={e.overdue ? 'red' : undefined} fw={e.overdue ? 600 : undefined}>
                    Due by {dateTime(e.dueAt)}
                    {e.overdue ? ' — overdue' : ''}
                  </Text>
                )}
                {e.description && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {e.description}
                  </Text>
                )}
                {open && canHandle && (
                  <Group grow align="flex-end">
                    <Select
                      label="Severity"
                      allowDeselect={false}
                      value={e.severity}
                      data={options(severityLabels)}
                      onChange={(v) =>
                        v && v !== e.severity && patch({ severity: v as Severity }, 'Severity changed')
                      }
                    />
                    <Select
                      label="Category"
                      allowDeselect={false}
                      value={e.category}
                      data={options(categoryLabels)}
                      onChange={(v) =>
                        v &&
                        v !== e.category &&
                        patch({ category: v as EscalationCategory }, 'Category changed')
                      }
                    />
                    <Select
                      label="Owner"
                      searchable
                      allowDeselect={false}
                      value={e.owner?.id ?? null}
                      data={(users.data?.items ?? [])
                        .filter((u) => can(u.role, 'escalation.handle'))
                        .map((u) => ({ value: u.id, label: u.name }))}
                      onChange={(v) => v && v !== e.owner?.id && patch({ ownerId: v }, 'Owner changed')}
                    />
                  </Group>
                )}
              </Stack>
            </Card>
            {open && canHandle && <ResolveForm e={e} />}
            {!open && (
              <Alert color="green" title={`Resolved ${dateTime(e.resolvedAt)}`}>
                <Text size="sm" fw={600}>
                  Root cause
                </Text>
                <Text size="sm" mb="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {e.rootCause}
                </Text>
                <Text size="sm" fw={600}>
                  Corrective action
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {e.correctiveAction}
                </Text>
              </Alert>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Title order={4} mb="sm">
              History
            </Title>
            <Timeline bulletSize={14} lineWidth={2} aria-label="History">
              {e.history.map((h, i) => (
                <Timeline.Item key={i} title={humanize(h.kind)}>
                  <Text size="sm">{h.text}</Text>
                  <Text size="xs" c="dimmed">
                    {dateTime(h.at)} · {h.actor}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
