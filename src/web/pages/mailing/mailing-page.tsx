import { useState } from 'react';
import {
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import { mailClassLabels, type MailClass, type MailShape } from '../../../shared/mailing';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError } from '../../app/feedback';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { useAccountOptions } from '../../data/accounts';
import { useCreateMailingList, useJobMailingLists, useMailingLists } from '../../data/mailing';
import { MailingSettingsPanel, RatesPanel } from './rates-admin';

type Job = {
  id: string;
  number: string;
  title: string;
  account: { id: string };
  items: { id: string; position: number; productType: string; description: string | null }[];
};

/** A new list on an account, or on a job's item when opened from the job page. */
export function NewListModal({ opened, onClose, job }: { opened: boolean; onClose: () => void; job?: Job }) {
  const navigate = useNavigate();
  const createList = useCreateMailingList();
  const [name, setName] = useState('');
  const [accountId, setAccountId] = useState<string | null>(job?.account.id ?? null);
  const [itemId, setItemId] = useState<string | null>(job?.items[0]?.id ?? null);
  const [mailClass, setMailClass] = useState<MailClass>('marketing');
  const [shape, setShape] = useState<MailShape>('letter');
  const [weight, setWeight] = useState<number>(1);
  const accounts = useAccountOptions(opened && !job);
  const create = async () => {
    try {
      if (!accountId) return;
      const list = await createList.mutateAsync({
        name,
        accountId,
        jobId: job?.id ?? null,
        jobItemId: job ? itemId : null,
        mailClass,
        shape,
        pieceWeightOz: weight,
      });
      navigate(`/mailing/lists/${list.id}`);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New mailing list">
      <Stack>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        {job ? (
          <Select
            label="Job item"
            value={itemId}
            onChange={setItemId}
            data={job.items.map((i) => ({
              value: i.id,
              label: `${i.position}. ${i.description ?? i.productType}`,
            }))}
          />
        ) : (
          <Select
            label="Account"
            searchable
            value={accountId}
            onChange={setAccountId}
            data={accounts.data?.items.map((a) => ({ value: a.id, label: a.name })) ?? []}
          />
        )}
        <Group grow>
          <Select
            label="Mail class"
            value={mailClass}
            onChange={(v) => v && setMailClass(v as MailClass)}
            data={Object.entries(mailClassLabels).map(([value, label]) => ({ value, label }))}
          />
          <Select
            label="Shape"
            value={shape}
            onChange={(v) => v && setShape(v as MailShape)}
            data={['letter', 'postcard', 'flat']}
          />
          <NumberInput
            label="Weight (oz)"
            min={0.1}
            decimalScale={2}
            value={weight}
            onChange={(v) => setWeight(Number(v) || 1)}
          />
        </Group>
        <Button onClick={() => void create()} disabled={!name.trim() || !accountId}>
          Create list
        </Button>
      </Stack>
    </Modal>
  );
}

function ListsTab() {
  const user = useUser();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const lists = useMailingLists(q);
  return (
    <Stack>
      <Group justify="space-between">
        <TextInput placeholder="Search lists" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        {can(user.role, 'mailing.edit') && <Button onClick={() => setCreating(true)}>New list</Button>}
      </Group>
      {lists.error && <ErrorBox error={lists.error} />}
      {!lists.data ? (
        <Loading />
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>List</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Class</Table.Th>
              <Table.Th ta="right">Records</Table.Th>
              <Table.Th ta="right">Mailable</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lists.data.items.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/mailing/lists/${l.id}`}>
                    {l.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{l.account.name}</Table.Td>
                <Table.Td>{mailClassLabels[l.mailClass]}</Table.Td>
                <Table.Td ta="right">{l.records.toLocaleString('en-US')}</Table.Td>
                <Table.Td ta="right">{l.mailable?.toLocaleString('en-US') ?? '—'}</Table.Td>
                <Table.Td>
                  {l.activeRun
                    ? `${l.activeRun.kind} ${l.activeRun.percent}%`
                    : l.dedupe
                      ? 'deduplicated'
                      : l.standardizedAt
                        ? 'standardised'
                        : l.records
                          ? 'imported'
                          : 'empty'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {lists.data && !lists.data.items.length && <Text c="dimmed">No mailing lists yet.</Text>}
      <NewListModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

/** Mailing: lists, the postage rate table and the shop's Mailer ID. */
export function MailingPage() {
  const { tab = 'lists' } = useParams();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title="Mailing"
        sub="Mailing lists, address standardisation, merge/purge, presort, postage and IMb"
      />
      <Tabs value={tab} onChange={(v) => navigate(v === 'lists' ? '/mailing' : `/mailing/${v}`)}>
        <Tabs.List mb="md">
          <Tabs.Tab value="lists">Lists</Tabs.Tab>
          <Tabs.Tab value="rates">Postage rates</Tabs.Tab>
          <Tabs.Tab value="settings">Mailer ID</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="lists">{tab === 'lists' && <ListsTab />}</Tabs.Panel>
        <Tabs.Panel value="rates">{tab === 'rates' && <RatesPanel />}</Tabs.Panel>
        <Tabs.Panel value="settings">{tab === 'settings' && <MailingSettingsPanel />}</Tabs.Panel>
      </Tabs>
    </>
  );
}

/** The job page's mailing section: the job's lists and a way to start one. */
export function JobMailing({ job }: { job: Job }) {
  const user = useUser();
  const [creating, setCreating] = useState(false);
  const lists = useJobMailingLists(job.id);
  const items = lists.data?.items ?? [];
  if (!items.length && !can(user.role, 'mailing.edit')) return null;
  return (
    <Card withBorder component="section" aria-label="Mailing">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Mailing</Text>
          {can(user.role, 'mailing.edit') && (
            <Button size="xs" variant="default" onClick={() => setCreating(true)}>
              Add a mailing list
            </Button>
          )}
        </Group>
        {items.map((l) => (
          <Text key={l.id} size="sm">
            <Anchor component={Link} to={`/mailing/lists/${l.id}`}>
              {l.name}
            </Anchor>
            {` · ${l.records.toLocaleString('en-US')} records`}
            {l.mailable !== null && ` · ${l.mailable.toLocaleString('en-US')} mailable`}
            {l.dropDate && ` · drop ${l.dropDate}`}
          </Text>
        ))}
        {!items.length && (
          <Text size="sm" c="dimmed">
            No mailing list on this job.
          </Text>
        )}
        <NewListModal opened={creating} onClose={() => setCreating(false)} job={job} />
      </Stack>
    </Card>
  );
}
