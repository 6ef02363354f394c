import { useState, type ReactNode } from 'react';
import { Badge, Button, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { ErrorBox, Loading } from '../../app/ui';

type Row = { id: string; name: string; active: boolean };
export type Column<T> = { title: string; right?: boolean; cell: (row: T) => ReactNode };

/**
 * A tab of the cost model: the rows in a table that scrolls on narrow screens (name first, with an Inactive
 * badge), an Add button and an Edit button per row for those who may change it, each opening `dialog`.
 */
export function CostModelList<T extends Row>(props: {
  label: string;
  addLabel: string;
  empty: string;
  editable: boolean;
  query: { data?: { items: T[] }; error: unknown };
  columns: Column<T>[];
  minWidth: number;
  dialog: (row: T | undefined, close: () => void) => ReactNode;
}) {
  // undefined: closed; null: adding; a row: editing it.
  const [editing, setEditing] = useState<T | null | undefined>(undefined);
  const { data, error } = props.query;
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      {props.editable && (
        <Button leftSection={<IconPlus size={16} />} mb="md" onClick={() => setEditing(null)}>
          {props.addLabel}
        </Button>
      )}
      <Table.ScrollContainer minWidth={props.minWidth}>
        <Table striped aria-label={props.label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              {props.columns.map((c) => (
                <Table.Th key={c.title} ta={c.right ? 'right' : undefined}>
                  {c.title}
                </Table.Th>
              ))}
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  {row.name} {!row.active && <Badge color="gray">Inactive</Badge>}
                </Table.Td>
                {props.columns.map((c) => (
                  <Table.Td key={c.title} ta={c.right ? 'right' : undefined}>
                    {c.cell(row)}
                  </Table.Td>
                ))}
                <Table.Td>
                  {props.editable && (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Edit ${row.name}`}
                      onClick={() => setEditing(row)}
                    >
                      Edit
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!data.items.length && <Text c="dimmed">{props.empty}</Text>}
      {editing !== undefined && props.dialog(editing ?? undefined, () => setEditing(undefined))}
    </>
  );
}
