import type { ReactNode } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';

export function PageHeader({
  title,
  children,
  sub,
}: {
  title: ReactNode;
  sub?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" mb="md">
      <Stack gap={2}>
        <Title order={2}>{title}</Title>
        {sub && (
          <Text c="dimmed" size="sm" component="div">
            {sub}
          </Text>
        )}
      </Stack>
      <Group>{children}</Group>
    </Group>
  );
}

export function Loading() {
  return (
    <Center p="xl">
      <Loader />
    </Center>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  return <Alert color="red">{error instanceof Error ? error.message : String(error)}</Alert>;
}

export function LoadMore({
  hasMore,
  loading,
  onClick,
}: {
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
}) {
  if (!hasMore) return null;
  return (
    <Center mt="md">
      <Button variant="default" loading={loading} onClick={onClick}>
        Load more
      </Button>
    </Center>
  );
}

const riskColor = { on_track: 'green', at_risk: 'orange', late: 'red' } as const;
const riskLabel = { on_track: 'On track', at_risk: 'At risk', late: 'Late' } as const;
export function RiskBadge({ risk }: { risk: keyof typeof riskColor }) {
  return (
    <Badge
      color={riskColor[risk]}
      variant={risk === 'on_track' ? 'light' : 'filled'}
      style={{ flexShrink: 0, overflow: 'visible' }}
    >
      {riskLabel[risk]}
    </Badge>
  );
}

export const humanize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');
export const dateTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
/** A date (`2026-12-24`) or a moment as a day, e.g. "Dec 24, 2026" (a bare date is read at noon, not UTC midnight). */
export const day = (iso: string) =>
  new Date(iso.length === 10 ? `${iso}T12:00:00` : iso).toLocaleDateString('en-US', { dateStyle: 'medium' });

/** Wraps a page shortcut so it does nothing while a dialog (form, confirmation, search) is open. */
export const unlessDialogOpen = (action: () => void) => () => {
  if (!document.querySelector('[role="dialog"]')) action();
};
