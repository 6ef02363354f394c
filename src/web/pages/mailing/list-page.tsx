import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Menu, Progress, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { mailClassLabels, type MailingList } from '../../../shared/mailing';
import { api } from '../../app/api';
import { useUser } from '../../app/auth';
import { reportError } from '../../app/feedback';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { ImportWizard } from './import-wizard';
import { DedupeSection, DropSection, OutputsSection, PresortSection, RecordsSection } from './list-sections';

export const canEditMailing = (role: string) =>
  ['admin', 'manager', 'account_manager', 'production'].includes(role);
const runLabel = { import: 'Importing', standardize: 'Standardising', dedupe: 'Removing duplicates' };

/** One mailing list: import, records with flags, merge/purge, presort and postage, outputs, mail drop. */
export function MailingListPage() {
  const { id } = useParams();
  const client = useQueryClient();
  const user = useUser();
  const canEdit = canEditMailing(user.role);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: ['mailing-list', id],
    queryFn: () => api.get<MailingList>(`/mailing-lists/${id}`),
    // While a run works, poll for its progress.
    refetchInterval: (q) => (q.state.data?.activeRun ? 1000 : false),
  });
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const l = list.data;
  const refresh = () => void client.invalidateQueries({ queryKey: ['mailing-list', id] });
  const start = async (path: string, body?: object) => {
    setBusy(true);
    try {
      await api.post(`/mailing-lists/${l.id}/${path}`, body ?? {});
      refresh();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const active = l.activeRun;
  const failed = l.lastRun?.status === 'failed' && !active ? l.lastRun : null;
  return (
    <>
      <PageHeader
        title={l.name}
        sub={
          <>
            <Anchor component={Link} to={`/accounts/${l.account.id}`}>
              {l.account.name}
            </Anchor>
            {l.jobId && (
              <>
                {' · '}
                <Anchor component={Link} to={`/jobs/${l.jobId}`}>
                  job
                </Anchor>
              </>
            )}
            {` · ${mailClassLabels[l.mailClass]} ${l.shape}s, ${l.pieceWeightOz} oz`}
            {l.sourceFilename && ` · from ${l.sourceFilename}`}
          </>
        }
      >
        {canEdit && l.records > 0 && (
          <>
            <Button
              variant="default"
              disabled={!!active}
              loading={busy}
              onClick={() => void start('standardize')}
            >
              Standardise addresses
            </Button>
            <Menu>
              <Menu.Target>
                <Button disabled={!!active} loading={busy}>
                  Remove duplicates
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => void start('dedupe', { level: 'individual' })}>
                  Individual level (same person)
                </Menu.Item>
                <Menu.Item onClick={() => void start('dedupe', { level: 'household' })}>
                  Household level (same surname)
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        )}
      </PageHeader>
      <Stack>
        <Card withBorder>
          <Group gap="xl">
            <Text aria-label="Record count">
              <b>{l.records.toLocaleString('en-US')}</b> records
            </Text>
            <Text>
              {l.standardizedAt ? (
                <>
                  <b>{(l.flagged ?? 0).toLocaleString('en-US')}</b> flagged
                </>
              ) : (
                'not standardised yet'
              )}
            </Text>
            {l.mailable !== null && (
              <Text>
                <b>{l.mailable.toLocaleString('en-US')}</b> mailable pieces
              </Text>
            )}
          </Group>
          {active && (
            <Stack gap={4} mt="sm">
              <Text size="sm">
                {runLabel[active.kind]}
                {active.filename ? ` ${active.filename}` : ''}… {active.rowsDone.toLocaleString('en-US')} rows
              </Text>
              <Progress value={active.percent} animated aria-label={`${runLabel[active.kind]} progress`} />
            </Stack>
          )}
          {failed && (
            <Alert
              color="red"
              mt="sm"
              title={`The last ${failed.kind} failed; the list is as it was before it`}
            >
              {failed.error}
            </Alert>
          )}
        </Card>
        {canEdit && !active && <ImportWizard list={l} onStarted={refresh} />}
        {l.records > 0 && <PresortSection list={l} />}
        <DedupeSection list={l} />
        {l.records > 0 && <RecordsSection list={l} />}
        <OutputsSection list={l} canEdit={canEdit} onChange={refresh} />
        <DropSection list={l} canEdit={canEdit} onChange={refresh} />
      </Stack>
    </>
  );
}
