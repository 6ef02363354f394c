import { useState } from 'react';
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { ExportFormat, formatLabels } from '../../../shared/reports';
import { ErrorBox, Loading } from '../../app/ui';
import { portalLinks, useClientReports, useRunClientReport } from '../../data/portal';
import { ReportChart } from '../reports/chart';
import { clean, defaults, ParamsForm, type Values } from '../reports/params-form';
import { ResultTable } from '../reports/result-table';
import { usePortal } from './portal-auth';

/** Reports on the organisation's orders, budgets, stock, jobs and shipments — for client admins and viewers. */
export function ClientReportsPage() {
  const { slug } = usePortal();
  const list = useClientReports(slug);
  const [id, setId] = useState<string | null>(null);
  const [values, setValues] = useState<Values>({});
  const run = useRunClientReport(slug);
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
              <Button
                onClick={() => run.mutate({ id: entry.id, parameters: clean(values) })}
                loading={run.isPending}
              >
                Run report
              </Button>
              <Text size="sm" c="dimmed">
                Download:
              </Text>
              {ExportFormat.options.map((f) => (
                <Button
                  key={f}
                  component="a"
                  href={portalLinks.reportExport(slug, entry.id, f, clean(values))}
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
