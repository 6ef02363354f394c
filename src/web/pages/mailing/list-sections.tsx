import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { MailingList } from '../../../shared/mailing';
import { sortLevelLabels } from '../../../shared/mailing';
import { mailingLinks, useDedupeReport, useMailingRecords, usePresort } from '../../data/mailing';
import { ErrorBox, LoadMore, Loading } from '../../app/ui';

const money = (cents: number | null) =>
  cents === null
    ? '—'
    : `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const n = (x: number) => x.toLocaleString('en-US');

/** Records in file order, with the standardised address, flags and duplicate marks. */
export function RecordsSection({ list }: { list: MailingList }) {
  const [filter, setFilter] = useState('all');
  const records = useMailingRecords(list, filter);
  const items = records.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Records</Text>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={setFilter}
          data={[
            { value: 'all', label: 'All' },
            { value: 'flagged', label: 'Flagged' },
            { value: 'duplicates', label: 'Duplicates' },
            { value: 'mailable', label: 'Mailable' },
          ]}
        />
      </Group>
      {records.error && <ErrorBox error={records.error} />}
      <Table striped fz="sm" aria-label="Records">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Row</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>As imported</Table.Th>
            <Table.Th>Standardised</Table.Th>
            <Table.Th>Flags</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.seq}>
              <Table.Td>{r.seq}</Table.Td>
              <Table.Td>
                {r.name}
                {r.company && <Text size="xs">{r.company}</Text>}
              </Table.Td>
              <Table.Td>
                {[r.address1, r.address2].filter(Boolean).join(', ')}
                <Text size="xs" c="dimmed">
                  {r.city} {r.state} {r.zip}
                </Text>
              </Table.Td>
              <Table.Td>
                {r.standardized ? (
                  <>
                    {[r.standardized.address1, r.standardized.address2].filter(Boolean).join(' ')}
                    <Text size="xs" c="dimmed">
                      {r.standardized.city} {r.standardized.state} {r.standardized.zip5}
                      {r.standardized.zip4 && `-${r.standardized.zip4}`}
                    </Text>
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {r.duplicate && (
                    <Badge color="gray" size="sm">
                      {r.duplicate.kind} duplicate of row {r.duplicate.of}
                    </Badge>
                  )}
                  {r.flags.map((f) => (
                    <Badge key={f} color="yellow" size="sm" variant="light">
                      {f.replace(/_/g, ' ')}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!items.length && !records.isLoading && <Text c="dimmed">No records here.</Text>}
      <LoadMore
        hasMore={!!records.hasNextPage}
        loading={records.isFetchingNextPage}
        onClick={() => void records.fetchNextPage()}
      />
    </Card>
  );
}

/** What merge/purge removed and what it kept. */
export function DedupeSection({ list }: { list: MailingList }) {
  const report = useDedupeReport(list);
  if (!list.dedupe) return null;
  const d = list.dedupe;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Merge/purge ({d.level} level)</Text>
        <Anchor href={mailingLinks.export(list.id, { format: 'duplicates' })} size="sm">
          All removed records (CSV)
        </Anchor>
      </Group>
      <Text size="sm" mb="xs" aria-label="Dedupe summary">
        Examined {n(d.examined)} · removed {n(d.removed.exact)} exact, {n(d.removed.individual)} individual,{' '}
        {n(d.removed.household)} household · kept {n(d.kept)}
      </Text>
      <Table fz="sm" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Match</Table.Th>
            <Table.Th>Removed</Table.Th>
            <Table.Th>Kept</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.data?.pairs.map((p) => (
            <Table.Tr key={p.removed.seq}>
              <Table.Td>{p.kind}</Table.Td>
              <Table.Td>
                Row {p.removed.seq}: {p.removed.name} — {p.removed.address}
              </Table.Td>
              <Table.Td>
                Row {p.kept.seq}: {p.kept.name} — {p.kept.address}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Presort counts, trays, the minimum-volume check and postage for a mailing date. */
export function PresortSection({ list }: { list: MailingList }) {
  const [date, setDate] = useState(list.dropDate ?? '');
  const presort = usePresort(list, date);
  if (!list.standardizedAt) return null;
  const p = presort.data;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Presort and postage</Text>
        <Group>
          <TextInput
            size="xs"
            label="Mailing date"
            placeholder="YYYY-MM-DD"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
          />
          <Anchor href={mailingLinks.export(list.id, { format: 'report' })} size="sm">
            Report (PDF)
          </Anchor>
        </Group>
      </Group>
      {presort.error && <ErrorBox error={presort.error} />}
      {!p ? (
        <Loading />
      ) : (
        <Stack gap="xs">
          <Alert color={p.minimum.met ? 'green' : 'orange'} p="xs">
            {p.minimum.message}
          </Alert>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Table fz="sm" aria-label="Presort summary">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sort level</Table.Th>
                  <Table.Th ta="right">Pieces</Table.Th>
                  <Table.Th ta="right">Trays</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.levels.map((l) => (
                  <Table.Tr key={l.sortLevel}>
                    <Table.Td>{sortLevelLabels[l.sortLevel]}</Table.Td>
                    <Table.Td ta="right">{n(l.pieces)}</Table.Td>
                    <Table.Td ta="right">{l.trays}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr fw={600}>
                  <Table.Td>Total</Table.Td>
                  <Table.Td ta="right">{n(p.pieces)}</Table.Td>
                  <Table.Td ta="right">{p.totalTrays}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Table fz="sm" aria-label="Postage">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Postage on {p.postage.mailingDate}</Table.Th>
                  <Table.Th ta="right">Rate</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.postage.lines.map((l) => (
                  <Table.Tr key={l.sortLevel}>
                    <Table.Td>
                      {sortLevelLabels[l.sortLevel]} × {n(l.pieces)}
                    </Table.Td>
                    <Table.Td ta="right">
                      {l.rateMills === null ? 'no rate' : `$${(l.rateMills / 1000).toFixed(3)}`}
                    </Table.Td>
                    <Table.Td ta="right">{money(l.amountCents)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr fw={600}>
                  <Table.Td colSpan={2}>Estimated postage</Table.Td>
                  <Table.Td ta="right">{money(p.postage.totalCents)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Rates: {p.postage.rateSource}.{' '}
            {p.postage.missing.filter((m) => m !== p.minimum.message).join(' ')} {n(p.duplicatesRemoved)}{' '}
            duplicates removed, {n(p.notMailable)} not mailable. Tray counts are a planning estimate (
            {p.trayCapacity} pieces a tray), not a USPS-qualified presort.
          </Text>
          <Text fw={500} size="sm">
            3-digit ZIPs
          </Text>
          <Group gap={6}>
            {p.threeDigit.map((t) => (
              <Badge key={t.zip3} variant="light" color={t.level === 'mixed' ? 'gray' : 'blue'}>
                {t.zip3}: {n(t.pieces)}
              </Badge>
            ))}
          </Group>
        </Stack>
      )}
    </Card>
  );
}
