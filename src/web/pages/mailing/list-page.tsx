import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Menu, Progress, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { mailClassLabels } from '../../../shared/mailing';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError } from '../../app/feedback';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { useDedupe, useMailingList, useStandardize } from '../../data/mailing';
import { ImportWizard } from './import-wizard';
import { DedupeSection, PresortSection, RecordsSection } from './list-sections';
import { DropSection, OutputsSection } from './list-delivery-sections';

const runLabel = { import: 'Importing', standardize: 'Standardising', dedupe: 'Removing duplicates' };

/** One mailing list: import, records with flags, merge/purge, presort and postage, outputs, mail drop. */
export function MailingListPage() {
  const { id } = useParams() as { id: string };
  const user = useUser();
  const canEdit = can(user.role, 'mailing.edit');
  const [busy, setBusy] = useState(false);
  const list = useMailingList(id);
  const standardize = useStandardize(id);
  const dedupe = useDedupe(id);
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const l = list.data;
  const start = async (run: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await run();
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
              onClick={() => void start(() => standardize.mutateAsync())}
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
                <Menu.Item onClick={() => void start(() => dedupe.mutateAsync({ level: 'individual' }))}>
                  Individual level (same person)
                </Menu.Item>
                <Menu.Item onClick={() => void start(() => dedupe.mutateAsync({ level: 'household' }))}>
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
        {canEdit && !active && <ImportWizard list={l} />}
        {l.records > 0 && <PresortSection list={l} />}
        <DedupeSection list={l} />
        {l.records > 0 && <RecordsSection list={l} />}
        <OutputsSection list={l} canEdit={canEdit} />
        <DropSection list={l} canEdit={canEdit} />
      </Stack>
    </>
  );
}
