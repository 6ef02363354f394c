import { useState } from 'react';
import { Modal, Stack, Text } from '@mantine/core';
import type { Row, RunResult } from '../../../shared/reports';
import { ReportChart } from './chart';
import { ResultTable } from './result-table';

type Picked = { x: string; series: string | null };

/**
 * The rows behind one bar or point: those whose x field reads as the point's label (and, for a bar of one
 * series of a pivoted chart, whose series field is that series; "Other" holds the series not drawn).
 */
export function rowsBehind(result: RunResult, picked: Picked): Row[] {
  const drill = result.chart?.drill;
  if (!drill) return [];
  const text = (v: Row[string] | undefined) => (v === null || v === undefined ? '—' : String(v));
  const drawn = new Set(result.chart!.series.map((s) => s.key));
  return result.rows.filter((r) => {
    if (text(r[drill.xKey]) !== picked.x) return false;
    if (!drill.seriesKey || picked.series === null) return true;
    const s = text(r[drill.seriesKey]);
    return picked.series === 'Other' && !drawn.has(s) ? true : s === picked.series;
  });
}

/**
 * The report's chart with drill-through: a click on a bar or point (or its button below the chart) opens the
 * rows behind it in the same table as the report, whose cells link on as the report's cells do.
 */
export function DrillableChart({ result }: { result: RunResult }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const chart = result.chart!;
  const rows = picked ? rowsBehind(result, picked) : [];
  const seriesLabel = picked?.series
    ? ` · ${chart.series.find((s) => s.key === picked.series)?.label ?? picked.series}`
    : '';
  return (
    <>
      <ReportChart chart={chart} onPick={chart.drill ? (x, series) => setPicked({ x, series }) : undefined} />
      <Modal
        opened={picked !== null}
        onClose={() => setPicked(null)}
        title={`${chart.title}: ${picked?.x ?? ''}${seriesLabel}`}
        size="xl"
      >
        <Stack>
          {result.truncated && (
            <Text size="sm" c="dimmed">
              Among the first {result.rows.length} rows of the report (download it for every row).
            </Text>
          )}
          <ResultTable result={{ ...result, rows, totals: null, rowCount: rows.length, truncated: false }} />
        </Stack>
      </Modal>
    </>
  );
}
