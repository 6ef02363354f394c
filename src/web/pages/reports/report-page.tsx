import { useEffect, useState } from 'react';
import { Anchor, Button, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendarTime, IconDownload, IconPlayerPlay } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { audienceLabels, ExportFormat, formatLabels, type ReportExport } from '../../../shared/reports';
import { reportError } from '../../app/feedback';
import { reportLinks, reportsApi, useReportCatalogue, useRunReport } from '../../data/reports';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { DrillableChart } from './chart-drill';
import { clean, defaults, ParamsForm, type Values } from './params-form';
import { ResultTable } from './result-table';
import { ScheduleDialog } from './schedule-dialog';

/** Reports this big are exported in the background, with progress, rather than downloaded directly. */
const BACKGROUND_ROWS = 5000;

const exportUrl = (id: string, format: ExportFormat, values: Values) =>
  reportLinks.export(id, format, clean(values));

function BackgroundExport({ id, values }: { id: string; values: Values }) {
  const [job, setJob] = useState<ReportExport | null>(null);
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(async () => setJob(await reportsApi.export(job.id)), 800);
    return () => clearTimeout(timer);
  }, [job]);
  const start = async (format: ExportFormat) => {
    try {
      setJob(await reportsApi.startExport({ reportId: id, format, parameters: clean(values) }));
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text size="sm">
          This report is large: it is written in the background and you can download it when it is ready.
        </Text>
        <Group>
          {(['xlsx', 'csv'] as const).map((f) => (
            <Button
              key={f}
              size="xs"
              variant="default"
              onClick={() => start(f)}
              disabled={job?.status === 'running'}
            >
              Export {formatLabels[f]} in the background
            </Button>
          ))}
        </Group>
        {job && (
          <>
            <Progress value={job.progress * 100} aria-label="Export progress" />
            <Text size="sm" aria-live="polite">
              {job.status === 'failed'
                ? `The export failed: ${job.error}`
                : job.status === 'done'
                  ? 'Ready.'
                  : `${job.rowsWritten.toLocaleString()} of ${job.totalRows?.toLocaleString() ?? '…'} rows written`}{' '}
              {job.downloadUrl && (
                <Anchor href={job.downloadUrl} download>
                  Download {job.filename}
                </Anchor>
              )}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}

/** One report: the parameters form, then the chart, the table, exports and "schedule this". */
export function ReportPage() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const catalogue = useReportCatalogue();
  const entry = catalogue.data?.items.find((r) => r.id === id);
  const [values, setValues] = useState<Values | null>(null);
  const [scheduling, schedule] = useDisclosure(false);
  const run = useRunReport(id);
  const runWith = (v: Values) => run.mutate({ parameters: clean(v) }, { onError: (err) => reportError(err) });

  // Parameters come from the address (a shared link) or the report's defaults; a complete set runs at once.
  useEffect(() => {
    if (!entry || values) return;
    let start = defaults(entry);
    try {
      const p = search.get('p');
      if (p) start = { ...start, ...(JSON.parse(p) as Values) };
    } catch {
      /* a mangled link just starts from the defaults */
    }
    setValues(start);
    const required = ((entry.parameters as { required?: string[] }).required ?? []).every((k) => start[k]);
    if (required && !entry.members) runWith(start);
  }, [entry, values, search, run]);

  if (catalogue.error) return <ErrorBox error={catalogue.error} />;
  if (catalogue.isLoading || (entry && !values)) return <Loading />;
  if (!entry || !values) return <ErrorBox error="There is no such report, or it is not open to your role." />;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSearch({ p: JSON.stringify(clean(values)) }, { replace: true });
    runWith(values);
  };
  const result = run.data;

  return (
    <>
      <PageHeader
        title={entry.title}
        sub={
          <>
            <Anchor component={Link} to="/reports" size="sm">
              Reports
            </Anchor>{' '}
            · {audienceLabels[entry.audience]} · {entry.description}
          </>
        }
      >
        <Button variant="default" leftSection={<IconCalendarTime size={16} />} onClick={schedule.open}>
          Schedule this
        </Button>
      </PageHeader>
      <form onSubmit={submit} aria-label="Report parameters">
        <Group align="flex-end" mb="md">
          <ParamsForm entry={entry} values={values} onChange={setValues} />
          {entry.members ? (
            <Button
              component="a"
              href={reportLinks.pack(id, clean(values))}
              download
              leftSection={<IconDownload size={16} />}
            >
              Download workbook
            </Button>
          ) : (
            <Button type="submit" leftSection={<IconPlayerPlay size={16} />} loading={run.isPending}>
              Run report
            </Button>
          )}
        </Group>
      </form>
      {entry.members && (
        <Text size="sm" c="dimmed">
          One sheet per report:{' '}
          {entry.members.map((m) => catalogue.data?.items.find((r) => r.id === m)?.title ?? m).join(', ')}.
          Scheduled as PDF, Word or CSV, each report is its own attachment in the same e-mail.
        </Text>
      )}
      {result && (
        <Stack>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Download:
            </Text>
            {ExportFormat.options.map((f) => (
              <Button
                key={f}
                component="a"
                href={exportUrl(id, f, values)}
                download
                size="xs"
                variant="light"
                leftSection={<IconDownload size={14} />}
              >
                {formatLabels[f]}
              </Button>
            ))}
            <Anchor size="xs" href={`${exportUrl(id, 'csv', values)}&bom=1`} download>
              CSV for Excel (with BOM)
            </Anchor>
          </Group>
          {result.rowCount > BACKGROUND_ROWS && <BackgroundExport id={id} values={values} />}
          {result.chart && result.chart.points.length > 0 && (
            <Card withBorder>
              <DrillableChart result={result} />
            </Card>
          )}
          <ResultTable result={result} />
          <Text size="xs" c="dimmed">
            Generated {new Date(result.generatedAt).toLocaleString()} ·{' '}
            {result.parameterLabels.map(([k, v]) => `${k}: ${v}`).join(' · ')}
          </Text>
        </Stack>
      )}
      {scheduling && (
        <ScheduleDialog
          entry={entry}
          parameters={clean(values)}
          opened={scheduling}
          onClose={schedule.close}
        />
      )}
    </>
  );
}
