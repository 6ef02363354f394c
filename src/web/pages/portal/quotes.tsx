import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { quoteStatusLabels, type PortalQuote } from '../../../shared/quotes';
import { saved } from '../../app/feedback';
import { ErrorBox, Loading } from '../../app/ui';
import { portalQuotesApi, useDecidePortalQuote, usePortalQuotes } from '../../data/client-quotes';
import { QuoteAnswerForm, QuoteDecided, quoteDay } from '../quotes/client-answer';
import { usePortal, usePortalSession } from './portal-auth';

const statusColour = { sent: 'blue', accepted: 'green', declined: 'gray', expired: 'orange' } as const;

function QuoteCard({ quote: q }: { quote: PortalQuote }) {
  const { slug } = usePortal();
  const session = usePortalSession();
  const decide = useDecidePortalQuote(slug, q.id);
  const mayAnswer = q.status === 'sent' && session.user.role !== 'viewer';
  return (
    <Card withBorder component="section" aria-label={`Quote ${q.number} ${q.title}`}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>
            {q.number}
            {q.version > 1 ? ` (version ${q.version})` : ''} · {q.title}
          </Text>
          <Text size="sm" c="dimmed">
            Valid until {quoteDay(q.validUntil)} · delivery {q.turnaroundDays} working days after acceptance
          </Text>
        </div>
        <Badge variant="light" color={statusColour[q.status as keyof typeof statusColour] ?? 'gray'}>
          {quoteStatusLabels[q.status]}
        </Badge>
      </Group>
      {q.clientNotes && (
        <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-line' }}>
          {q.clientNotes}
        </Text>
      )}
      <Anchor size="sm" href={portalQuotesApi.pdf(slug, q.id)} target="_blank" rel="noopener">
        The quote as PDF
      </Anchor>
      <Stack mt="sm">
        {mayAnswer ? (
          <QuoteAnswerForm
            quote={q}
            signer={session.user.name}
            onAnswer={({ name: _signedBy, ...body }) =>
              decide.mutate(body, {
                onSuccess: (answered) => saved(`Quote ${answered.number} ${answered.status}`),
              })
            }
            pending={decide.isPending}
            error={decide.error}
            reset={decide.reset}
          />
        ) : (
          <QuoteDecided quote={q} />
        )}
      </Stack>
    </Card>
  );
}

/** The organisation's quotes: answer those waiting (one quantity per item), see those answered. */
export function QuotesPage() {
  const { slug } = usePortal();
  const list = usePortalQuotes(slug);
  if (list.isLoading) return <Loading />;
  if (list.error) return <ErrorBox error={list.error} />;
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Title order={2}>Quotes</Title>
      {items.length === 0 && <Text c="dimmed">The shop has not sent you a quote yet.</Text>}
      {items.map((q) => (
        <QuoteCard key={q.id} quote={q} />
      ))}
    </Stack>
  );
}
