import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { Link, useParams } from 'react-router';
import { productTypeName, type Job } from '../../../shared/jobs';
import { can } from '../../../shared/permissions';
import { jobStatusMoves } from '../../../shared/status-machines';
import { reportError, saved } from '../../app/feedback';
import { dateTime, ErrorBox, humanize, Loading, PageHeader, RiskBadge } from '../../app/ui';
import { StageActions } from './stage-actions';
import { StageChart } from './stage-chart';
import { describeSpec } from './spec-text';
import { JobFiles } from './job-files';
import { JobProofs } from './job-proofs';
import { RouteEditor } from './route-editor';
import { JobChanges, type JobDialog } from './job-changes';
import { JobActivity } from './job-activity';
import { JobMaterials } from './job-materials';
import { JobShipments } from '../shipping/job-shipments';
import { JobMailing } from '../mailing/mailing-page';
import { useUser } from '../../app/auth';
import { EscalateJobButton } from '../escalations/escalate-button';
import {
  jobLinks,
  useAddComment,
  useDecideProof,
  useJob,
  useJobComments,
  useSaveTemplate,
  useUpdateJob,
} from '../../data/jobs';

/** A job can change its items, route and materials until it is completed, closed or cancelled. */
const openForChanges = (status: Job['status']) => ['draft', 'in_production', 'on_hold'].includes(status);

function Comments({ jobId }: { jobId: string }) {
  const [body, setBody] = useState('');
  const comments = useJobComments(jobId);
  const addComment = useAddComment(jobId);
  const send = async () => {
    try {
      await addComment.mutateAsync({ body });
      setBody('');
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Comments
      </Text>
      <Stack gap="xs">
        {(comments.data?.items ?? []).map((c) => (
          <div key={c.id}>
            <Text size="xs" c="dimmed">
              {c.author?.name ?? 'System'} · {dateTime(c.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {c.body}
            </Text>
          </div>
        ))}
        <Textarea
          label="Add a comment"
          description="Mention someone with @first.last"
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button size="xs" disabled={!body.trim()} onClick={send}>
            Comment
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function JobPage() {
  const { id } = useParams() as { id: string };
  const job = useJob(id);
  const [dialog, setDialog] = useState<JobDialog>(null);
  const updateJob = useUpdateJob(id);
  const decideProof = useDecideProof(id);
  const saveAsTemplate = useSaveTemplate();
  const user = useUser();
  const canEdit = can(user.role, 'job.edit');
  const today = new Date().toLocaleDateString('en-CA');
  if (job.error) return <ErrorBox error={job.error} />;
  if (!job.data) return <Loading />;
  const j = job.data;
  const moves = jobStatusMoves[j.status];
  const setStatus = (status: Job['status']) => {
    const needsReason = status === 'on_hold' || status === 'cancelled';
    let reason = '';
    modals.openConfirmModal({
      title: `Make ${j.number} ${humanize(status).toLowerCase()}?`,
      children: needsReason ? (
        <TextInput label="Why?" data-autofocus onChange={(e) => (reason = e.currentTarget.value)} />
      ) : null,
      labels: { confirm: 'Confirm', cancel: 'Cancel' },
      onConfirm: async () => {
        try {
          await updateJob.mutateAsync({ status, ...(needsReason ? { statusReason: reason } : {}) });
        } catch (err) {
          reportError(err);
        }
      },
    });
  };
  const decide = async (itemId: string, status: 'pending' | 'approved' | 'changes_requested') => {
    try {
      await decideProof.mutateAsync({ itemId, status, decidedBy: 'Recorded by staff' });
    } catch (err) {
      reportError(err);
    }
  };
  const saveTemplate = async () => {
    const name = window.prompt('Name the template', j.title)?.trim();
    if (!name) return;
    try {
      await saveAsTemplate.mutateAsync({ name, fromJobId: j.id });
      saved(`Saved "${name}" as a template for ${j.account.name}`);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <>
            {j.number} · {j.title}
          </>
        }
        sub={
          <Group gap="xs">
            <Anchor component={Link} to={`/accounts/${j.account.id}`} size="sm">
              {j.account.name}
            </Anchor>
            <Badge variant="light">{humanize(j.status)}</Badge>
            <RiskBadge risk={j.risk} />
            <Text size="sm">
              due {j.dueDate}
              {j.inHandsDate ? ` · in hands ${j.inHandsDate}` : ''} · AM {j.owner?.name ?? '—'}
              {j.clientPo ? ` · PO ${j.clientPo}` : ''}
            </Text>
          </Group>
        }
      >
        {moves.length > 0 && (
          <Menu>
            <Menu.Target>
              <Button variant="default">Change status</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {moves.map((s) => (
                <Menu.Item key={s} onClick={() => setStatus(s)}>
                  {humanize(s)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
        <EscalateJobButton job={j} />
        {canEdit && openForChanges(j.status) && (
          <Button variant="default" onClick={() => setDialog({ kind: 'edit' })}>
            Edit
          </Button>
        )}
        <Button variant="default" onClick={() => setDialog({ kind: 'reorder' })}>
          Reorder
        </Button>
        {canEdit && (
          <Button variant="default" onClick={saveTemplate}>
            Save as template
          </Button>
        )}
        <Menu>
          <Menu.Target>
            <Button variant="default">Job ticket</Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component="a" href={jobLinks.ticket(j.id, 'pdf')}>
              PDF
            </Menu.Item>
            <Menu.Item component="a" href={jobLinks.ticket(j.id, 'docx')}>
              Word
            </Menu.Item>
            <Menu.Item component="a" href={jobLinks.ticket(j.id, 'xjdf')}>
              XJDF (for production systems)
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </PageHeader>
      {j.warnings.map((w) => (
        <Alert key={w} color="orange" mb="sm">
          {w}
        </Alert>
      ))}
      {j.statusReason && (
        <Alert color="gray" mb="sm">
          {humanize(j.status)}: {j.statusReason}
        </Alert>
      )}
      <Stack>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Plan
          </Text>
          <StageChart stages={j.stages} today={today} dueDate={j.dueDate} />
        </Card>
        <JobChanges.Orders jobId={j.id} />
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Card withBorder>
            <Text fw={600} mb="xs">
              Items
            </Text>
            <Stack>
              {j.items.map((item) => (
                <div key={item.id}>
                  <Group justify="space-between" wrap="nowrap">
                    <Text fw={500}>
                      {item.position}. {productTypeName(item.productType)} × {item.quantity.toLocaleString()}
                      {item.pages ? `, ${item.pages} pages` : ''}
                    </Text>
                    {canEdit && openForChanges(j.status) && (
                      <JobChanges.ItemActions job={j} item={item} open={setDialog} />
                    )}
                  </Group>
                  {item.description && <Text size="sm">{item.description}</Text>}
                  <Text size="sm" c="dimmed">
                    {describeSpec(item.spec) || 'No specification yet'}
                  </Text>
                  {item.proof !== 'none' && (
                    <Group gap="xs" mt={4}>
                      <Text size="sm">Proof ({item.proof === 'pdf' ? 'PDF' : 'hard copy'}):</Text>
                      <Select
                        size="xs"
                        w={190}
                        aria-label={`Proof of item ${item.position}`}
                        value={item.proofStatus}
                        allowDeselect={false}
                        data={[
                          { value: 'pending', label: 'Pending' },
                          { value: 'approved', label: 'Approved' },
                          { value: 'changes_requested', label: 'Changes requested' },
                        ]}
                        onChange={(v) =>
                          v &&
                          v !== item.proofStatus &&
                          decide(item.id, v as 'pending' | 'approved' | 'changes_requested')
                        }
                      />
                      {item.proofDecidedAt && (
                        <Text size="xs" c="dimmed">
                          {item.proofDecidedBy}, {dateTime(item.proofDecidedAt)}
                        </Text>
                      )}
                    </Group>
                  )}
                </div>
              ))}
              {canEdit && openForChanges(j.status) && (
                <Group>
                  <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'item', item: null })}>
                    Add item
                  </Button>
                </Group>
              )}
            </Stack>
          </Card>
          <Card withBorder>
            <Text fw={600} mb="xs">
              Stages
            </Text>
            <Table>
              <Table.Tbody>
                {j.stages.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text size="sm">{s.department.name}</Text>
                      <Text size="xs" c="dimmed">
                        {s.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {s.plannedStart} → {s.plannedEnd}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="xs"
                        fw={600}
                        c={s.status === 'blocked' ? 'red' : s.status === 'done' ? 'green' : 'blue'}
                      >
                        {humanize(s.status)}
                      </Text>
                      {s.blockedReason && (
                        <Text size="xs" c="red">
                          {s.blockedReason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StageActions jobId={j.id} stage={s} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {canEdit && openForChanges(j.status) && <RouteEditor job={j} />}
          </Card>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Card withBorder>
            <Text fw={600} mb="xs">
              Notes
            </Text>
            <JobChanges.ShipTo shipTo={j.shipTo} />
            <Text size="sm" fw={500}>
              Description
            </Text>
            <Text size="sm" mb="xs">
              {j.description ?? '—'}
            </Text>
            <Text size="sm" fw={500}>
              For production
            </Text>
            <Text size="sm" mb="xs">
              {j.internalNotes ?? '—'}
            </Text>
            <Text size="sm" fw={500}>
              For the client
            </Text>
            <Text size="sm">{j.clientNotes ?? '—'}</Text>
          </Card>
          <Comments jobId={j.id} />
        </SimpleGrid>
        <JobMaterials job={j} canEdit={can(user.role, 'job.materials.edit') && openForChanges(j.status)} />
        <JobShipments job={j} />
        <JobMailing job={j} />
        <JobProofs job={j} />
        <JobFiles job={j} />
        <JobActivity jobId={j.id} />
      </Stack>
      <JobChanges.Dialog job={j} dialog={dialog} today={today} onClose={() => setDialog(null)} />
    </>
  );
}
