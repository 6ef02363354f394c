import { useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Group, Table, Tabs, Text, Timeline } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { segmentLabels, statusLabels, type Contact } from '../../../shared/accounts';
import { can } from '../../../shared/permissions';
import { reportError, saved } from '../../app/feedback';
import {
  useAccount,
  useArchiveAccount,
  useContacts,
  useRemoveContact,
  useTimeline,
} from '../../data/accounts';
import { useJobs } from '../../data/jobs';
import { dateTime, ErrorBox, humanize, LoadMore, Loading, PageHeader, unlessDialogOpen } from '../../app/ui';
import { AccountForm } from './account-form';
import { JobTable } from '../jobs/job-table';
import { useUser } from '../../app/auth';
import { AccountOverview } from './account-overview';
import { ContactForm } from './contact-form';
import { AccountActivity } from '../inbox/account-activity';

export function AccountPage() {
  const { id } = useParams() as { id: string };
  const navigate = useNavigate();
  const [editing, edit] = useDisclosure();
  const [creating, create] = useDisclosure();
  const role = useUser().role;
  useHotkeys([['n', unlessDialogOpen(create.open)]]);
  const [contact, setContact] = useState<Contact | 'new' | null>(null);
  const account = useAccount(id);
  const contacts = useContacts(id);
  const timeline = useTimeline(id);
  const jobs = useJobs({ accountId: id, limit: 25 });
  const archiveAccount = useArchiveAccount(id);
  const removeContactOf = useRemoveContact(id);
  if (account.error) return <ErrorBox error={account.error} />;
  if (!account.data) return <Loading />;
  const a = account.data;
  const people = contacts.data?.items ?? [];

  const archive = () =>
    modals.openConfirmModal({
      title: `Archive ${a.name}?`,
      children: <Text size="sm">It leaves lists and search; its history stays.</Text>,
      labels: { confirm: 'Archive', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await archiveAccount.mutateAsync();
          saved(`${a.name} archived`);
          navigate('/accounts');
        } catch (err) {
          reportError(err);
        }
      },
    });
  const removeContact = (c: Contact) =>
    modals.openConfirmModal({
      title: `Remove ${c.name}?`,
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await removeContactOf.mutateAsync(c.id);
        } catch (err) {
          reportError(err);
        }
      },
    });

  return (
    <>
      <PageHeader
        title={a.name}
        sub={
          <Group gap="xs">
            <Badge variant="light">{segmentLabels[a.segment]}</Badge>
            <Badge variant="light" color={a.status === 'active' ? 'green' : 'gray'}>
              {statusLabels[a.status]}
            </Badge>
            {a.archivedAt && <Badge color="red">Archived</Badge>}
            <Text size="sm">Account manager: {a.owner?.name ?? 'nobody'}</Text>
          </Group>
        }
      >
        <Button component={Link} to={`/jobs/new?accountId=${a.id}`} leftSection={<IconPlus size={16} />}>
          New job
        </Button>
        {can(role, 'inbox.read') && <AccountActivity accountId={a.id} />}
        <Button variant="default" leftSection={<IconEdit size={16} />} onClick={edit.open}>
          Edit
        </Button>
        {can(role, 'audit.read') && (
          <Button variant="subtle" component={Link} to={`/admin/audit?accountId=${a.id}`}>
            Audit log
          </Button>
        )}
        {!a.archivedAt && (
          <Button variant="subtle" color="red" onClick={archive}>
            Archive
          </Button>
        )}
      </PageHeader>
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="contacts">Contacts ({people.length})</Tabs.Tab>
          <Tabs.Tab value="jobs">Jobs</Tabs.Tab>
          <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <AccountOverview account={a} contacts={people} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts">
          <Button mb="sm" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setContact('new')}>
            Add contact
          </Button>
          {contacts.error ? (
            <ErrorBox error={contacts.error} />
          ) : contacts.isLoading ? (
            <Loading />
          ) : people.length === 0 ? (
            <Text c="dimmed">
              No contacts yet: add the people you deal with at {a.name} with “Add contact”.
            </Text>
          ) : (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>E-mail</Table.Th>
                  <Table.Th>Phone</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      {p.name}{' '}
                      {p.isPrimary && (
                        <Badge size="xs" ml={4}>
                          Primary
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{p.title}</Table.Td>
                    <Table.Td>
                      {p.emails.map((e) => (
                        <Anchor key={e} href={`mailto:${e}`} size="sm" display="block">
                          {e}
                        </Anchor>
                      ))}
                    </Table.Td>
                    <Table.Td>{p.phones.map((ph) => ph.number).join(', ')}</Table.Td>
                    <Table.Td>{p.roles.map(humanize).join(', ')}</Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end">
                        <ActionIcon
                          variant="subtle"
                          aria-label={`Edit ${p.name}`}
                          onClick={() => setContact(p)}
                        >
                          <IconEdit size={16} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${p.name}`}
                          onClick={() => removeContact(p)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="jobs">
          {jobs.error && <ErrorBox error={jobs.error} />}
          {jobs.loading && <Loading />}
          {jobs.items.length === 0 && !jobs.loading && !jobs.error && (
            <Text c="dimmed">No jobs yet for this account: start one with “New job”.</Text>
          )}
          {jobs.items.length > 0 && <JobTable jobs={jobs.items} showAccount={false} />}
          <LoadMore hasMore={jobs.hasMore} loading={jobs.loadingMore} onClick={jobs.loadMore} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline">
          {timeline.error ? (
            <ErrorBox error={timeline.error} />
          ) : timeline.loading ? (
            <Loading />
          ) : timeline.items.length === 0 ? (
            <Text c="dimmed">Nothing has happened with this account yet.</Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2} aria-label="Timeline">
              {timeline.items.map((e) => (
                <Timeline.Item
                  key={e.id}
                  title={
                    e.link && !e.link.startsWith(`/accounts/${id}`) ? (
                      <Anchor component={Link} to={e.link}>
                        {e.title}
                      </Anchor>
                    ) : (
                      e.title
                    )
                  }
                >
                  <Text size="xs" c="dimmed">
                    {dateTime(e.at)} · {e.actor}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
          <LoadMore hasMore={timeline.hasMore} loading={timeline.loadingMore} onClick={timeline.loadMore} />
        </Tabs.Panel>
      </Tabs>
      {editing && <AccountForm opened onClose={edit.close} account={a} contacts={people} />}
      {creating && (
        <AccountForm
          opened
          onClose={create.close}
          onSaved={(created) => navigate(`/accounts/${created.id}`)}
        />
      )}
      {contact && (
        <ContactForm
          opened
          accountId={id}
          contact={contact === 'new' ? undefined : contact}
          onClose={() => setContact(null)}
        />
      )}
    </>
  );
}
