import { Badge, List, ScrollArea, Stack, Table, Text } from '@mantine/core';
import {
  ImportField,
  type ImportAction,
  type ImportMapping,
  type ImportPreview,
} from '../../../shared/accounts-import';
import { humanize } from '../../app/ui';

/** "billingLine1" → "Billing line 1", "poRequired" → "PO required". */
export const fieldLabel = (f: string) =>
  humanize(
    f
      .replace(/([A-Z])/g, ' $1')
      .replace(/(\d)/, ' $1')
      .toLowerCase(),
  ).replace(/^Po /, 'PO ');

const actionColor: Record<ImportAction, string> = { create: 'green', update: 'blue', unchanged: 'gray' };
const actionLabel: Record<ImportAction, string> = { create: 'New', update: 'Update', unchanged: 'Unchanged' };

/** A row's badge: what happens to its account, or that it has a problem. */
function RowStatus({ action, bad }: { action: ImportAction | null; bad: boolean }) {
  if (bad) return <Badge color="red">Problem</Badge>;
  if (!action) return null;
  return (
    <Badge color={actionColor[action]} variant="light">
      {actionLabel[action]}
    </Badge>
  );
}

/** The accounts the import creates or changes, each change as old → new. */
export function PlannedChanges({ preview }: { preview: ImportPreview }) {
  if (!preview.plans.length) {
    return (
      <Text size="sm" c="dimmed">
        Nothing would change: every account in the file already holds these values.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={320} aria-label="What the import changes">
      <List size="sm" spacing={4}>
        {preview.plans.map((p) => (
          <List.Item key={p.row}>
            <Text span fw={600}>
              {p.name}
            </Text>{' '}
            <Badge size="xs" color={actionColor[p.action]} variant="light">
              {p.action === 'create' ? 'new account' : `update (row ${p.rows.join(', ')})`}
            </Badge>
            {p.changes.length > 0 && (
              <List size="sm" withPadding>
                {p.changes.map((c, i) => (
                  <List.Item key={i}>
                    {c.label}: <s>{c.from || '(empty)'}</s> → <b>{c.to || '(empty)'}</b>
                  </List.Item>
                ))}
              </List>
            )}
          </List.Item>
        ))}
      </List>
    </ScrollArea.Autosize>
  );
}

/** The file's rows as mapped: each row's action, problem rows and cells marked in red with the reason. */
export function PreviewTable({ preview, mapping }: { preview: ImportPreview; mapping: ImportMapping }) {
  const fields = ImportField.options.filter((f) => mapping[f]);
  const problems = new Map<string, string>();
  for (const e of preview.errors) problems.set(`${e.row}.${e.path}`, e.message);
  const badRows = new Set(preview.errors.map((e) => e.row));
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        {preview.rows.length < preview.totalRows
          ? `The first rows and every row with a problem or a change (${preview.rows.length} of ${preview.totalRows}).`
          : 'Every row of the file.'}{' '}
        Rows with a problem are red; hover or focus a red cell for the reason.
      </Text>
      <ScrollArea>
        <Table striped withTableBorder aria-label="Import rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              <Table.Th>Result</Table.Th>
              {fields.map((f) => (
                <Table.Th key={f}>{fieldLabel(f)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((r) => {
              const bad = badRows.has(r.row);
              return (
                <Table.Tr
                  key={r.row}
                  data-problem={bad || undefined}
                  bg={bad ? 'var(--mantine-color-red-light)' : undefined}
                >
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>
                    <RowStatus action={r.action} bad={bad} />
                  </Table.Td>
                  {fields.map((f) => {
                    const problem = problems.get(`${r.row}.${f}`);
                    return (
                      <Table.Td
                        key={f}
                        title={problem}
                        tabIndex={problem ? 0 : undefined}
                        aria-invalid={problem ? true : undefined}
                        style={problem ? { outline: '2px solid var(--mantine-color-red-6)' } : undefined}
                      >
                        {r.values[f] ?? ''}
                        {problem && (
                          <Text size="xs" c="red">
                            {problem}
                          </Text>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
