import { useEffect } from 'react';
import { Anchor, Badge, Center, Divider, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { quoteStatusLabels, type ClientQuote } from '../../../shared/quotes';
import { quoteLinks, useDecideQuoteByLink, useLinkQuote } from '../../data/quotes';
import { QuoteAnswerForm, QuoteDecided, quoteDay as day } from '../quotes/client-answer';

/**
 * The page an e-mailed quote link opens (`/quote/{token}`, no sign-in): the quote, a quantity per item (an
 * option may be left out), the PO when the account needs one, signed with a typed name; or a decline with a
 * reason. Once decided it shows the decision, read-only. Laid out for a phone first.
 */
export function PublicQuotePage() {
  const { token = '' } = useParams();
  const quote = useLinkQuote(token);
  useEffect(() => {
    document.title = quote.data ? `Quote ${quote.data.number}` : 'Quote';
  }, [quote.data]);

  if (quote.isLoading)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading the quote" />
      </Center>
    );
  if (!quote.data)
    return (
      <Center h="100vh" bg="gray.0" p="md">
        <Paper withBorder p="xl" maw={460}>
          <Stack>
            <Title order={3}>This quote link cannot be opened</Title>
            <Text size="sm">
              {quote.error instanceof Error ? quote.error.message : 'Try again in a moment.'}
            </Text>
            <Text c="dimmed" size="sm">
              A link works while its quote is valid, and a revised quote gets a new link. Ask your account
              manager.
            </Text>
          </Stack>
        </Paper>
      </Center>
    );
  const q = quote.data;
  return (
    <Center bg="gray.0" mih="100vh" p={{ base: 0, sm: 'md' }}>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} w="100%" maw={760}>
        <Stack>
          <div>
            <Text c="dimmed" size="sm">
              {q.shopName} · quote for {q.account.name}
            </Text>
            <Title order={2}>{q.title}</Title>
            <Group gap="xs" mt={4}>
              <Badge variant="light">{quoteStatusLabels[q.status]}</Badge>
              <Text size="sm">
                {q.number}
                {q.version > 1 ? ` (version ${q.version})` : ''} · valid until {day(q.validUntil)} · delivery{' '}
                {q.turnaroundDays} working days after acceptance
              </Text>
            </Group>
          </div>
          {q.clientNotes && <Text style={{ whiteSpace: 'pre-line' }}>{q.clientNotes}</Text>}
          <Anchor href={quoteLinks.byToken(token)} target="_blank" rel="noopener">
            The quote as PDF
          </Anchor>
          <Divider />
          {q.status === 'sent' ? <Decide token={token} quote={q} /> : <QuoteDecided quote={q} />}
          {q.terms && (
            <div>
              <Text fw={500} size="sm">
                Terms
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                {q.terms}
              </Text>
            </div>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}

function Decide({ token, quote }: { token: string; quote: ClientQuote }) {
  const decide = useDecideQuoteByLink(token);
  return (
    <QuoteAnswerForm
      quote={quote}
      onAnswer={(body) => decide.mutate(body)}
      pending={decide.isPending}
      error={decide.error}
      reset={decide.reset}
    />
  );
}
