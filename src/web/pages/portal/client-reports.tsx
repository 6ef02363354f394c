import { useState } from 'react';
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { IconDownload } from '@tabler/icons-react';
import { ExportFormat, formatLabels, type CatalogueEntry, type RunResult } from '../../../shared/reports';
import { api, type Page } from '../../app/api';
import { ErrorBox, Loading } from '../../app/ui';
import { ReportChart } from '../reports/chart';
import { clean, defaults, ParamsForm, type Values } from '../reports/params-form';
import { ResultTable } from '../reports/result-table';
import { usePortal } from './portal-auth';

/** The report as a file, written by the server for our account with the parameters on the form. */
const exportHref = (url: (path: string) => string, id: string, format: ExportFormat, values: Values) =>
  `/api/v1${url(`/reports/${id}/export.${format}`)}?params=${encodeURIComponent(JSON.stringify(clean(values)))}${format === 'csv' ? '&bom=1' : ''}`;

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
              <Text size="sm" c="dimmed">
                Download:
              </Text>
              {ExportFormat.options.map((f) => (
                <Button
                  key={f}
                  component="a"
                  href={exportHref(url, entry.id, f, values)}
                  download
                  variant="light"
                  size="xs"
                  leftSection={<IconDownload size={14} />}
                >
                  {formatLabels[f]}
                </Button>
              ))}
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
