/** Units picked per month as small bars in plain SVG, oldest first; the label names the busiest month. */
export function UsageChart({
  usage,
  width = 180,
  height = 40,
  label,
}: {
  usage: { month: string; quantity: number }[];
  width?: number;
  height?: number;
  label: string;
}) {
  const max = Math.max(1, ...usage.map((u) => u.quantity));
  const total = usage.reduce((n, u) => n + u.quantity, 0);
  const gap = 2;
  if (!total) {
    return (
      <span style={{ fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)' }}>
        None used in 12 months
      </span>
    );
  }
  const bar = usage.length ? (width - gap * (usage.length - 1)) / usage.length : 0;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${total.toLocaleString()} used in ${usage.length} months`}
      style={{ display: 'block', maxWidth: '100%' }}
    >
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} stroke="var(--mantine-color-gray-3)" />
      {usage.map((u, i) => {
        const h = u.quantity ? Math.max(2, (u.quantity / max) * (height - 2)) : 0;
        return (
          <rect
            key={u.month}
            x={i * (bar + gap)}
            y={height - h}
            width={bar}
            height={h}
            rx={1}
            fill="var(--mantine-color-brand-filled)"
          >
            <title>
              {u.month}: {u.quantity.toLocaleString()}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
