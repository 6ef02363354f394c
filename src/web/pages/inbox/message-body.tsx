import { Anchor, Button, Group, Paper, Text } from '@mantine/core';
import type { Message } from '../../../shared/inbox';
import { dateTime } from '../../app/ui';
import { inboxLinks } from '../../data/inbox';

const frameDoc = (html: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"><base target="_blank"><style>body{font:14px system-ui,sans-serif;margin:8px;color:#222}img{max-width:100%}</style></head><body>${html}</body></html>`;

/**
 * One message; `onSave` offers each attachment's "Save to job". Client HTML arrives sanitised from the server and is shown in an iframe whose sandbox has no
 * `allow-scripts` (and a CSP allowing nothing remote), so even a sanitiser miss cannot run or phone home.
 */
export function MessageBody({ m, onSave }: { m: Message; onSave?: (index: number) => void }) {
  return (
    <Paper withBorder p="sm" bg={m.direction === 'out' ? 'var(--mantine-color-blue-0)' : undefined}>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          {m.direction === 'in'
            ? m.fromName
              ? `${m.fromName} <${m.from}>`
              : m.from
            : `${m.author ?? 'Us'} → ${m.to.join(', ')}`}
        </Text>
        <Text size="xs" c={m.status === 'failed' || m.status === 'bounced' ? 'red' : 'dimmed'}>
          {dateTime(m.at)}
          {m.direction === 'out' ? ` · ${m.status}` : ''}
        </Text>
      </Group>
      {m.error && (
        <Text size="xs" c="red" mb={4}>
          {m.error}
        </Text>
      )}
      {m.safeHtml ? (
        <iframe
          title={`Message ${m.subject}`}
          data-testid="message-html"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={frameDoc(m.safeHtml)}
          style={{ width: '100%', minHeight: 160, border: 0 }}
        />
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {m.text}
        </Text>
      )}
      {m.remoteImagesBlocked && (
        <Text size="xs" c="dimmed">
          Remote images are blocked.
        </Text>
      )}
      {m.attachments.length > 0 && (
        <Group gap="xs" mt={4}>
          {m.attachments.map((a) => (
            <Group key={a.index} gap={4}>
              <Anchor size="xs" href={inboxLinks.attachment(m.id, a.index)}>
                📎 {a.filename}
              </Anchor>
              {onSave && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-label={`Save ${a.filename} to a job`}
                  onClick={() => onSave(a.index)}
                >
                  Save to job
                </Button>
              )}
            </Group>
          ))}
        </Group>
      )}
    </Paper>
  );
}
