import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { MY_DAY_CAP } from '../../../shared/my-day';

/**
 * One My day section: a title with the count, the first entries (most urgent first) and "Show all" — a link to
 * the full list where the app has one, otherwise the rest unfolds in place.
 */
export function DayCard<T>(props: {
  title: string;
  color: string;
  items: T[];
  /** How many there are in all, when the server sent only the first few. */
  total?: number;
  allHref?: string;
  render: (item: T) => ReactNode;
  itemKey: (item: T) => string;
  empty?: string;
}) {
  const [open, setOpen] = useState(false);
  const total = props.total ?? props.items.length;
  const shown = open ? props.items : props.items.slice(0, MY_DAY_CAP);
  const more = total > shown.length;
  return (
    <Card withBorder component="section" aria-label={props.title}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} component="h2" size="md" m={0}>
          {props.title}
        </Text>
        <Badge color={props.color} variant={total ? 'filled' : 'light'}>
          {total}
        </Badge>
      </Group>
      {total === 0 ? (
        <Text size="sm" c="dimmed">
          {props.empty ?? 'Nothing here.'}
        </Text>
      ) : (
        <Stack gap={6}>
          {shown.map((item) => (
            <div key={props.itemKey(item)}>{props.render(item)}</div>
          ))}
          {props.items.length > shown.length ? (
            <Button variant="subtle" size="compact-sm" onClick={() => setOpen(true)} w="fit-content">
              Show all {total}
            </Button>
          ) : more && props.allHref ? (
            <Anchor component={Link} to={props.allHref} size="sm">
              Show all {total}
            </Anchor>
          ) : null}
        </Stack>
      )}
    </Card>
  );
}

/** A linked line with a dimmed note under it, the shape of every My day entry. */
export function DayLine(props: {
  to: string;
  title: ReactNode;
  note?: ReactNode;
  right?: ReactNode;
  noteColor?: string;
}) {
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <div>
        <Anchor component={Link} to={props.to} size="sm">
          {props.title}
        </Anchor>
        {props.note !== undefined && (
          <Text size="xs" c={props.noteColor ?? 'dimmed'}>
            {props.note}
          </Text>
        )}
      </div>
      {props.right && <div style={{ flexShrink: 0 }}>{props.right}</div>}
    </Group>
  );
}
