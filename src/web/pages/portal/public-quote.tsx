import { useEffect, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useParams } from 'react-router';
import { quoteStatusLabels, type ClientQuote } from '../../../shared/quotes';
import { quoteLinks, useDecideQuoteByLink, useLinkQuote } from '../../data/quotes';
import { count, money } from '../estimating/money';
import { problemErrors } from '../quotes/problem-errors';
import { QuantityChoice, choicesBody, type Choices } from '../quotes/quantity-choice';

const day = (iso: string) =>
  new Date(iso.length === 10 ? `${iso}T12:00:00` : iso).toLocaleDateString('en-US', { dateStyle: 'medium' });

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
          {q.status === 'sent' ? <Decide token={token} quote={q} /> : <Decided quote={q} />}
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

function Decide({ token, quote: q }: { token: string; quote: ClientQuote }) {
  const decide = useDecideQuoteByLink(token);
  const [decision, setDecision] = useState<'accept' | 'decline'>('accept');
  const [choices, setChoices] = useState<Choices>({});
  const [clientPo, setClientPo] = useState('');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [unsigned, setUnsigned] = useState(false);
  const errors = problemErrors(decide.error);
  const submit = () => {
    setUnsigned(!name.trim());
    if (!name.trim()) return;
    decide.mutate(
      decision === 'accept'
        ? { decision, name, choices: choicesBody(q.items, choices), clientPo: clientPo.trim() || null }
        : { decision, name, reason },
    );
  };
  return (
    <Stack>
      <Title order={4}>Your answer</Title>
      <SegmentedControl
        aria-label="Your answer"
        fullWidth
        data={[
          { value: 'accept', label: 'Accept' },
          { value: 'decline', label: 'Decline' },
        ]}
        value={decision}
        onChange={(v) => setDecision(v as 'accept' | 'decline')}
      />
      {decision === 'accept' ? (
        <>
          {q.items.map((item) => (
            <QuantityChoice
              key={item.id}
              item={item}
              value={choices[item.id]}
              error={errors[`choices.${item.position - 1}`]}
              onChange={(quantity) => {
                decide.reset();
                setChoices({ ...choices, [item.id]: quantity });
              }}
            />
          ))}
          {q.account.poRequired && (
            <TextInput
              label="Your PO number"
              description={`${q.account.name} orders need a purchase order number`}
              withAsterisk
              required
              value={clientPo}
              error={errors.clientPo}
              onChange={(e) => setClientPo(e.currentTarget.value)}
            />
          )}
        </>
      ) : (
        <Textarea
          label="Why are you declining?"
          withAsterisk
          required
          autosize
          minRows={3}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      )}
      <TextInput
        label="Your name"
        description="Typing your name signs your answer"
        withAsterisk
        required
        autoComplete="name"
        value={name}
        error={unsigned ? 'Type your name to sign your answer' : errors.name}
        onChange={(e) => {
          setUnsigned(false);
          decide.reset();
          setName(e.currentTarget.value);
        }}
      />
      {decide.error && (
        <Alert
          color="red"
          role="alert"
          title="Your answer was not recorded"
          style={{ whiteSpace: 'pre-line' }}
        >
          {decide.error.message}
        </Alert>
      )}
      <Button
        size="md"
        fullWidth
        color={decision === 'decline' ? 'red' : undefined}
        loading={decide.isPending}
        onClick={submit}
      >
        {decision === 'accept' ? 'Accept the quote' : 'Decline the quote'}
      </Button>
    </Stack>
  );
}

/** The decision as recorded, read-only. */
function Decided({ quote: q }: { quote: ClientQuote }) {
  return (
    <Stack gap="xs">
      {q.status === 'accepted' && (
        <Alert color="green" title="Accepted — thank you">
          Accepted by {q.decidedBy} on {q.decidedAt ? day(q.decidedAt) : '—'}. We start on it now.
        </Alert>
      )}
      {q.status === 'declined' && (
        <Alert color="gray" title="Declined">
          Declined by {q.decidedBy} on {q.decidedAt ? day(q.decidedAt) : '—'}: {q.declineReason}
        </Alert>
      )}
      {q.status !== 'accepted' && q.status !== 'declined' && (
        <Alert color="orange" title={`This quote is ${quoteStatusLabels[q.status].toLowerCase()}`}>
          It can no longer be answered here. Ask your account manager for a new one.
        </Alert>
      )}
      {q.items.map((item) => {
        const chosen = item.quantities.find((p) => p.quantity === item.acceptedQuantity);
        return (
          <Group key={item.id} justify="space-between" wrap="nowrap">
            <Text size="sm">
              {item.position}. {item.description}
            </Text>
            <Text size="sm" fw={500} ta="right">
              {chosen
                ? `${count.format(chosen.quantity)} · ${money(chosen.totalCents)}`
                : q.status === 'accepted'
                  ? 'Left out'
                  : item.quantities.map((p) => count.format(p.quantity)).join(' / ')}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
