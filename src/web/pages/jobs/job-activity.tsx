import { Anchor, Card, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { timelineLink } from '../../../shared/timeline-links';
import { dateTime, LoadMore } from '../../app/ui';
import { useJobActivity } from '../../data/jobs';

/** Everything that happened to the job, newest first. */
export function JobActivity({ jobId }: { jobId: string }) {
  const list = useJobActivity(jobId, 15);
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Activity
      </Text>
      <Stack gap={6}>
        {list.items.map((e) => {
          // An entry about something else than this job (a shipment, an order, a conversation) links to it.
          const link = timelineLink(e);
          return (
            <div key={e.id}>
              {link && link !== `/jobs/${jobId}` ? (
                <Anchor component={Link} to={link} size="sm">
                  {e.summary}
                </Anchor>
              ) : (
                <Text size="sm">{e.summary}</Text>
              )}
              <Text size="xs" c="dimmed">
                {dateTime(e.at)} · {e.actorLabel.replace(/ <.*>$/, '')}
              </Text>
            </div>
          );
        })}
      </Stack>
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </Card>
  );
}
