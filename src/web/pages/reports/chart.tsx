import { Button, Group, Stack, Text } from '@mantine/core';
import type { ChartData } from '../../../shared/reports';
import { formatValue } from './format';

export const PALETTE = [
  '#1c7ed6',
  '#f59f00',
  '#e03131',
  '#2f9e44',
  '#7048e8',
  '#0ca678',
  '#d6336c',
  '#495057',
  '#f76707',
  '#74b816',
];

const W = 900;
const H = 280;
const LEFT = 56;
const BOTTOM = 40;
const TOP = 10;

/** Called with a point's `x` and, for a bar of one series, that series' key (null for the whole point). */
export type PickPoint = (x: string, series: string | null) => void;

/**
 * A bar, stacked-bar or line chart in plain SVG, with a legend; each bar and point has a tooltip. With
 * `onPick`, bars and points are clickable and a row of buttons (one per point) offers the same by keyboard.
 */
export function ReportChart({ chart, onPick }: { chart: ChartData; onPick?: PickPoint }) {
  const pick = (x: string, s: number | null) =>
    onPick
      ? {
          onClick: () => onPick(x, s === null ? null : (chart.series[s]?.key ?? null)),
          style: { cursor: 'pointer' },
          'data-point': x,
        }
      : {};
  const plotW = W - LEFT - 10;
  const plotH = H - TOP - BOTTOM;
  const totals = chart.points.map((p) =>
    chart.kind === 'stacked-bar'
      ? p.values.reduce<number>((a, v) => a + (v ?? 0), 0)
      : Math.max(0, ...p.values.map((v) => v ?? 0)),
  );
  const max = Math.max(chart.valueType === 'percent' ? 1 : 0, ...totals) || 1;
  const slot = plotW / Math.max(chart.points.length, 1);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const every = Math.ceil(chart.points.length / Math.max(1, Math.floor(plotW / 70)));
  const fmt = (v: number) => formatValue(v, chart.valueType);
  const summary = chart.points
    .slice(0, 12)
    .map(
      (p) =>
        `${p.x}: ${p.values.map((v, i) => `${chart.series[i]?.label} ${v === null ? '—' : fmt(v)}`).join(', ')}`,
    )
    .join('; ');

  return (
    <Stack gap={4}>
      <Group gap="md">
        <Text fw={600}>{chart.title}</Text>
        {chart.series.map((s, i) => (
          <Group key={s.key} gap={4}>
            <svg width="10" height="10" aria-hidden>
              <rect width="10" height="10" fill={PALETTE[i % PALETTE.length]} />
            </svg>
            <Text size="sm">{s.label}</Text>
          </Group>
        ))}
      </Group>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Chart: ${chart.title}. ${summary}`}
        style={{ maxHeight: 320 }}
      >
        {[0, 1, 2, 3, 4].map((i) => {
          const v = (max * i) / 4;
          return (
            <g key={i}>
              <line x1={LEFT} x2={W - 10} y1={y(v)} y2={y(v)} stroke="#dee2e6" />
              <text x={LEFT - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#868e96">
                {fmt(v)}
              </text>
            </g>
          );
        })}
        {chart.points.map((p, i) => {
          const cx = LEFT + slot * i;
          const label =
            i % every === 0 ? (
              <text x={cx + slot / 2} y={H - BOTTOM + 16} textAnchor="middle" fontSize="11" fill="#495057">
                {p.x.length > 16 ? `${p.x.slice(0, 15)}…` : p.x}
              </text>
            ) : null;
          if (chart.kind === 'line') return <g key={p.x}>{label}</g>;
          const inner = slot * 0.7;
          if (chart.kind === 'stacked-bar') {
            let acc = 0;
            return (
              <g key={p.x}>
                {p.values.map((v, s) => {
                  const h = ((v ?? 0) / max) * plotH;
                  const top = TOP + plotH - acc - h;
                  acc += h;
                  return h > 0 ? (
                    <rect
                      key={s}
                      x={cx + slot * 0.15}
                      y={top}
                      width={inner}
                      height={h}
                      fill={PALETTE[s % PALETTE.length]}
                      {...pick(p.x, s)}
                    >
                      <title>{`${p.x} · ${chart.series[s]?.label}: ${fmt(v ?? 0)}`}</title>
                    </rect>
                  ) : null;
                })}
                {label}
              </g>
            );
          }
          const bw = inner / Math.max(1, p.values.length);
          return (
            <g key={p.x}>
              {p.values.map((v, s) => {
                const h = ((v ?? 0) / max) * plotH;
                return (
                  <rect
                    key={s}
                    x={cx + slot * 0.15 + bw * s}
                    y={TOP + plotH - h}
                    width={bw}
                    height={h}
                    fill={PALETTE[s % PALETTE.length]}
                    {...pick(p.x, s)}
                  >
                    <title>{`${p.x} · ${chart.series[s]?.label}: ${v === null ? '—' : fmt(v)}`}</title>
                  </rect>
                );
              })}
              {label}
            </g>
          );
        })}
        {chart.kind === 'line' &&
          chart.series.map((s, si) => {
            const pts = chart.points
              .map((p, i) => ({ x: LEFT + slot * i + slot / 2, v: p.values[si] ?? null, label: p.x }))
              .filter((pt): pt is { x: number; v: number; label: string } => pt.v !== null);
            const colour = PALETTE[si % PALETTE.length];
            return (
              <g key={s.key}>
                <polyline
                  points={pts.map((pt) => `${pt.x},${y(pt.v)}`).join(' ')}
                  fill="none"
                  stroke={colour}
                  strokeWidth="2"
                />
                {pts.map((pt) => (
                  <circle key={pt.label} cx={pt.x} cy={y(pt.v)} r="4" fill={colour} {...pick(pt.label, si)}>
                    <title>{`${pt.label} · ${s.label}: ${fmt(pt.v)}`}</title>
                  </circle>
                ))}
              </g>
            );
          })}
      </svg>
      {onPick && (
        <Group gap={4} aria-label={`Show the rows behind a point of ${chart.title}`} role="group">
          <Text size="xs" c="dimmed">
            Rows behind:
          </Text>
          {chart.points.map((p) => (
            <Button key={p.x} size="compact-xs" variant="subtle" onClick={() => onPick(p.x, null)}>
              {p.x}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}
