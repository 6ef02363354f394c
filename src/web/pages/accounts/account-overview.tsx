import type { ReactNode } from 'react';
import { Anchor, Badge, Card, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Account, Contact } from '../../../shared/accounts';
import { dateTime, humanize } from '../../app/ui';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children || '—'}
      </Text>
    </div>
  );
}

/** One health figure; null means the module that counts it does not exist yet, so it shows "—", not 0. */
function Figure({ label, value, alert }: { label: string; value: ReactNode; alert?: boolean }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600} c={alert ? 'red' : undefined}>
        {value ?? '—'}
      </Text>
    </Paper>
  );
}

function taxText(a: Account) {
  if (!a.taxExempt) return 'No';
  const cert = a.taxExemptCertificate ? `, certificate ${a.taxExemptCertificate}` : '';
  const expires = a.taxExemptExpiresOn ? ` (expires ${a.taxExemptExpiresOn})` : '';
  return `Yes${cert}${expires}`;
}

/** The account at a glance: health, terms, addresses and the client's cost centres. */
export function AccountOverview({ account: a, contacts }: { account: Account; contacts: Contact[] }) {
  const h = a.health;
  const primary = a.primaryContact;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label="Open jobs" value={h.openJobs} />
        <Figure label="Late jobs" value={h.lateJobs} alert={Boolean(h.lateJobs)} />
        <Figure label="Open queries" value={h.openQueries} />
        <Figure label="Last contact" value={h.lastContactAt ? dateTime(h.lastContactAt) : null} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Stack gap="xs">
            <Text fw={600}>Details</Text>
            <Field label="Primary contact">
              {primary && (
                <>
                  {primary.name}
                  {primary.email && (
                    <Anchor href={`mailto:${primary.email}`} size="sm" display="block">
                      {primary.email}
                    </Anchor>
                  )}
                </>
              )}
            </Field>
            <Field label="Payment terms">{a.paymentTerms}</Field>
            <Field label="PO required">{a.poRequired ? 'Yes — on every job' : 'No'}</Field>
            <Field label="Tax exempt">{taxText(a)}</Field>
            <Field label="Tags">
              {a.tags.length > 0 && (
                <Group gap={4}>
                  {a.tags.map((t) => (
                    <Badge key={t} size="sm" variant="outline">
                      {t}
                    </Badge>
                  ))}
                </Group>
              )}
            </Field>
            <Field label="Notes">
              {a.notes && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {a.notes}
                </Text>
              )}
            </Field>
          </Stack>
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Addresses
          </Text>
          {a.addresses.length === 0 && (
            <Text size="sm" c="dimmed">
              No addresses yet: add billing and shipping addresses with Edit.
            </Text>
          )}
          <Stack gap="sm">
            {a.addresses.map((d) => (
              <div key={d.id}>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {humanize(d.kind)}
                    {d.label ? ` · ${d.label}` : ''}
                  </Text>
                  {d.isDefault && <Badge size="xs">Default</Badge>}
                </Group>
                {d.attention && <Text size="sm">Attn: {d.attention}</Text>}
                <Text size="sm">
                  {d.line1}
                  {d.line2 ? `, ${d.line2}` : ''}
                </Text>
                <Text size="sm">
                  {d.city}, {d.region} {d.postalCode} {d.country}
                </Text>
              </div>
            ))}
          </Stack>
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Cost centres
          </Text>
          {a.costCentres.length === 0 ? (
            <Text size="sm" c="dimmed">
              None yet: add the client&apos;s departments or cost centres with Edit.
            </Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Budget owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.costCentres.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {c.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {contacts.find((p) => p.id === c.budgetOwnerContactId)?.name ?? (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
