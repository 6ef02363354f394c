import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { quoteStatusLabels, type ClientQuote, type QuoteDecision } from '../../../shared/quotes';
import { count, money } from '../estimating/money';
import { day } from '../../app/ui';
import { problemErrors } from './problem-errors';
import { QuantityChoice, choicesBody, type Choices } from './quantity-choice';

export { day as quoteDay } from '../../app/ui';

type Answering = {
  quote: ClientQuote;
  /** The signed-in user's name (the portal); without it the client types a name to sign (the link). */
  signer?: string;
  onAnswer: (body: QuoteDecision) => void;
  pending: boolean;
  error: Error | null;
  reset: () => void;
};

/**
 * The client's answer to a sent quote: one quantity per item (an option may be left out), the PO when the
 * account needs one, signed; or a decline with a reason. Used by the e-mailed link's page and the portal.
 */
export function QuoteAnswerForm({ quote: q, signer, onAnswer, pending, error, reset }: Answering) {
  const [decision, setDecision] = useState<'accept' | 'decline'>('accept');
  const [choices, setChoices] = useState<Choices>({});
  const [clientPo, setClientPo] = useState('');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [unsigned, setUnsigned] = useState(false);
  const errors = problemErrors(error);
  const signature = signer ?? name.trim();
  const submit = () => {
    setUnsigned(!signature);
    if (!signature) return;
    onAnswer(
      decision === 'accept'
        ? {
            decision,
            name: signature,
            choices: choicesBody(q.items, choices),
            clientPo: clientPo.trim() || null,
          }
        : { decision, name: signature, reason },
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
                reset();
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
      {signer ? (
        <Text size="sm" c="dimmed">
          Signed as {signer}
        </Text>
      ) : (
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
            reset();
            setName(e.currentTarget.value);
          }}
        />
      )}
      {error && (
        <Alert
          color="red"
          role="alert"
          title="Your answer was not recorded"
          style={{ whiteSpace: 'pre-line' }}
        >
          {error.message}
        </Alert>
      )}
      <Button
        size="md"
        fullWidth
        color={decision === 'decline' ? 'red' : undefined}
        loading={pending}
        onClick={submit}
      >
        {decision === 'accept' ? 'Accept the quote' : 'Decline the quote'}
      </Button>
    </Stack>
  );
}

/** The decision as recorded, read-only. */
export function QuoteDecided({ quote: q }: { quote: ClientQuote }) {
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
      {q.status !== 'accepted' && q.status !== 'declined' && q.status !== 'sent' && (
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
                  : item.quantities
                      .map((p) => `${count.format(p.quantity)}: ${money(p.totalCents)}`)
                      .join(' / ')}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
