import { Badge } from '@mantine/core';
import type { Target } from '../../../shared/inbox';

/** Business time left on a target, as a badge: green with time left, red when breached, grey when paused or met. */
export function TargetBadge({ label, target }: { label: string; target: Target }) {
  if (target.metAt)
    return (
      <Badge color={target.breached ? 'red' : 'gray'} variant="light">
        {label}: {target.breached ? 'missed' : 'met'}
      </Badge>
    );
  if (target.minutesLeft === null) return null;
  const m = Math.abs(target.minutesLeft);
  const text = m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
  if (target.paused)
    return (
      <Badge color="gray" variant="light">
        {label}: paused, {text} left
      </Badge>
    );
  return (
    <Badge
      color={target.breached ? 'red' : m < 60 ? 'orange' : 'green'}
      variant={target.breached ? 'filled' : 'light'}
    >
      {label}: {target.breached ? `${text} over` : `${text} left`}
    </Badge>
  );
}
