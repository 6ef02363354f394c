import { Fragment, useMemo, useState } from 'react';
import { Anchor, Group, ScrollArea, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ReportColumn, Row, RunResult } from '../../../shared/reports';
import { formatCell, formatTotal, isNumeric, linkTo } from './format';

type Sort = { key: string; dir: 'asc' | 'desc' } | null;

function compare(a: Row[string] | undefined, b: Row[string] | undefined) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function CellView({ column, row }: { column: ReportColumn; row: Row }) {
  const text = formatCell(row[column.key], column.type);
  const id = column.link ? row[column.link.idKey] : null;
  if (!column.link || !id || text === '—') return <>{text}</>;
  const target = linkTo(column.link.kind, String(id));
  if (target.external) {
    return (
      <Anchor href={target.to} target="_blank" rel="noopener noreferrer">
        {text}
      </Anchor>
    );
  }
  return (
    <Anchor component={Link} to={target.to}>
      {text}
    </Anchor>
  );
}

/** The report's rows: sortable by any column, groupable by a text column with subtotals, totals at the foot. */
export function ResultTable({ result }: { result: RunResult }) {
  const [sort, setSort] = useState<Sort>(null);
  const [groupBy, setGroupBy] = useState<string | null>(null);
  const columns = result.columns;
  const sorted = useMemo(() => {
    if (!sort) return result.rows;
    const out = [...result.rows].sort((a, b) => compare(a[sort.key], b[sort.key]));
    return sort.dir === 'desc' ? out.reverse() : out;
  }, [result.rows, sort]);
  const groups = useMemo(() => {
    if (!groupBy) return null;
    const map = new Map<string, Row[]>();
    for (const r of sorted) {
      const k = r[groupBy] === null || r[groupBy] === undefined ? '—' : String(r[groupBy]);
      map.set(k, [...(map.get(k) ?? []), r]);
    }
    return [...map.entries()];
  }, [sorted, groupBy]);

  const toggle = (key: string) =>
    setSort((s) => (s?.key !== key ? { key, dir: 'asc' } : s.dir === 'asc' ? { key, dir: 'desc' } : null));
  const align = (c: ReportColumn) => (isNumeric(c.type) ? ('right' as const) : ('left' as const));
  const rowView = (r: Row, i: number) => (
    <Table.Tr key={i}>
      {columns.map((c) => (
        <Table.Td key={c.key} ta={align(c)} style={{ whiteSpace: c.type === 'text' ? undefined : 'nowrap' }}>
          <CellView column={c} row={r} />
        </Table.Td>
      ))}
    </Table.Tr>
  );
  const subtotal = (rows: Row[]) =>
    Object.fromEntries(
      columns
        .filter((c) => c.total === 'sum')
        .map((c) => [
          c.key,
          rows.reduce((s, r) => s + (typeof r[c.key] === 'number' ? (r[c.key] as number) : 0), 0),
        ]),
    );
  const groupable = columns.filter((c) => c.type === 'text' || c.type === 'date');

  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed">
          {result.rowCount === 1 ? '1 row' : `${result.rowCount.toLocaleString()} rows`}
          {result.truncated
            ? ` — the first ${result.rows.length.toLocaleString()} are shown; exports have all of them`
            : ''}
        </Text>
        <Select
          aria-label="Group rows by"
          placeholder="Group by…"
          clearable
          size="xs"
          data={groupable.map((c) => ({ value: c.key, label: `Group by ${c.label.toLowerCase()}` }))}
          value={groupBy}
          onChange={setGroupBy}
          w={240}
        />
      </Group>
      <ScrollArea>
        <Table striped highlightOnHover withTableBorder aria-label="Report rows">
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                const Icon = !active ? IconArrowsSort : sort.dir === 'asc' ? IconArrowUp : IconArrowDown;
                return (
                  <Table.Th
                    key={c.key}
                    ta={align(c)}
                    aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <UnstyledButton onClick={() => toggle(c.key)} aria-label={`Sort by ${c.label}`}>
                      <Group gap={4} wrap="nowrap" justify={align(c) === 'right' ? 'flex-end' : 'flex-start'}>
                        <Text fw={600} size="sm">
                          {c.label}
                        </Text>
                        <Icon size={14} opacity={active ? 1 : 0.4} />
                      </Group>
                    </UnstyledButton>
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups
              ? groups.map(([name, rows]) => {
                  const sub = subtotal(rows);
                  return (
                    <Fragment key={name}>
                      <Table.Tr bg="var(--mantine-color-gray-1)">
                        <Table.Td colSpan={columns.length} fw={600}>
                          {name} ({rows.length})
                        </Table.Td>
                      </Table.Tr>
                      {rows.map(rowView)}
                      <Table.Tr>
                        {columns.map((c, i) => (
                          <Table.Td key={c.key} ta={align(c)} fs="italic">
                            {c.key in sub ? formatCell(sub[c.key], c.type) : i === 0 ? 'Subtotal' : ''}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    </Fragment>
                  );
                })
              : sorted.map(rowView)}
            {!result.rows.length && (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed">No rows for these parameters.</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
          {result.totals && (
            <Table.Tfoot>
              <Table.Tr>
                {columns.map((c, i) => (
                  <Table.Th key={c.key} ta={c.total ? 'right' : 'left'}>
                    {c.total ? formatTotal(result.totals![c.key], c) : i === 0 ? 'Total' : ''}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Tfoot>
          )}
        </Table>
      </ScrollArea>
    </>
  );
}
