import { useState } from 'react';
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CatalogueEntry, ReportColumn, RunResult } from '../../../shared/reports';
import { api, type Page } from '../../app/api';
import { ErrorBox, Loading } from '../../app/ui';
import { ReportChart } from '../reports/chart';
import { clean, defaults, ParamsForm, type Values } from '../reports/params-form';
import { ResultTable } from '../reports/result-table';
import { usePortal } from './portal-auth';

/** A CSV cell: money in dollars, percent as a fraction; text that could run as a formula gets an apostrophe. */
function csvCell(value: unknown, c: ReportColumn): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'number'
      ? c.type === 'money'
        ? (value / 100).toFixed(2)
        : String(value)
      : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows on screen (and the totals) as a CSV file the browser saves. */
function downloadCsv(result: RunResult) {
  const cols = result.columns;
  const lines = [cols.map((c) => csvCell(c.label, { ...c, type: 'text' })).join(',')];
  for (const r of result.rows) lines.push(cols.map((c) => csvCell(r[c.key], c)).join(','));
  if (result.totals) {
    lines.push(cols.map((c, i) => (i === 0 ? 'Total' : csvCell(result.totals![c.key], c))).join(','));
  }
  const blob = new Blob(['\uFEFF', lines.join('\r\n')], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${result.report.id}-${result.generatedAt.slice(0, 10)}.csv`;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Reports on the organisation's orders, budgets, stock, jobs and shipments — for client admins and viewers. */
export function ClientReportsPage() {
  const { slug, url } = usePortal();
  const list = useQuery({
    queryKey: ['portal', slug, 'reports'],
    queryFn: () => api.get<Page<CatalogueEntry>>(url('/reports')),
  });
  const [id, setId] = useState<string | null>(null);
  const [values, setValues] = useState<Values>({});
  const run = useMutation({
    mutationFn: (reportId: string) =>
      api.post<RunResult>(url(`/reports/${reportId}/run`), { parameters: clean(values) }),
  });
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const reports = list.data.items;
  const entry = reports.find((r) => r.id === id) ?? null;
  const result = run.data && run.data.report.id === id ? run.data : null;

  return (
    <Stack>
      <div>
        <Title order={2}>Reports</Title>
        <Text size="sm" c="dimmed">
          Your organisation&apos;s orders, budgets, stock, jobs and shipments. Figures are for your account
          only.
        </Text>
      </div>
      <Select
        label="Report"
        placeholder="Choose a report"
        data={reports.map((r) => ({ value: r.id, label: r.title }))}
        value={id}
        onChange={(v) => {
          setId(v);
          run.reset();
          const chosen = reports.find((r) => r.id === v);
          setValues(chosen ? defaults(chosen) : {});
        }}
        allowDeselect={false}
        maw={420}
      />
      {entry && (
        <Card withBorder>
          <Stack>
            <Text size="sm">{entry.description}</Text>
            <ParamsForm entry={entry} values={values} onChange={setValues} />
            <Group>
              <Button onClick={() => run.mutate(entry.id)} loading={run.isPending}>
                Run report
              </Button>
              {result && (
                <Button variant="default" onClick={() => downloadCsv(result)}>
                  Download CSV
                </Button>
              )}
            </Group>
          </Stack>
        </Card>
      )}
      {run.error && <ErrorBox error={run.error} />}
      {result && (
        <Card withBorder>
          <Stack>
            <Text size="sm" c="dimmed">
              {result.parameterLabels.map(([k, v]) => `${k}: ${v}`).join(' · ')}
            </Text>
            {result.chart && result.chart.points.length > 0 && <ReportChart chart={result.chart} />}
            <ResultTable result={result} />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
