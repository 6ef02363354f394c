import { useEffect } from 'react';
import { Alert, Anchor, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDownload, IconPencil, IconSend } from '@tabler/icons-react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useProductTypeName } from '../../data/departments';
import { quoteStatusLabels, type Quote } from '../../../shared/quotes';
import { ErrorBox, Loading, PageHeader, dateTime } from '../../app/ui';
import { quoteLinks, useQuote } from '../../data/quotes';
import { AnswerDialog } from './answer-dialog';
import { QuotePriceTable, QuoteStatusBadge, day } from './quote-bits';
import { QuoteEditor } from './quote-editor';
import { SendQuoteDialog } from './send-dialog';

const channelLabels: Record<string, string> = {
  link: 'the e-mailed link',
  phone: 'phone',
  email: 'e-mail',
  in_person: 'in person',
  portal: 'the portal',
};

/** `/quotes/new` (an account may come as `?accountId=`): the editor, then the quote's page. */
export function NewQuotePage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        title="New quote"
        sub="Priced by the estimating engine; nothing goes to the client until you send it."
      />
      <QuoteEditor
        accountId={params.get('accountId')}
        onSaved={(q) => navigate(`/quotes/${q.id}`)}
        onCancel={() => navigate('/quotes')}
      />
    </>
  );
}

/** `/quotes/:id/edit`: a draft changes in place; a sent quote is saved as its next version. */
export function EditQuotePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const quote = useQuote(id);
  if (quote.error) return <ErrorBox error={quote.error} />;
  if (!quote.data) return <Loading />;
  return (
    <>
      <PageHeader title={`Edit ${quote.data.number} v${quote.data.version}`} sub={quote.data.account.name} />
      <QuoteEditor
        quote={quote.data}
        onSaved={(q) => navigate(`/quotes/${q.id}`)}
        onCancel={() => navigate(`/quotes/${id}`)}
      />
    </>
  );
}

/** A quote version: status, prices by quantity with the working, send, record an answer, documents, history. */
export function QuotePage() {
  const { id = '' } = useParams();
  const quote = useQuote(id);
  const typeName = useProductTypeName();
  const [sending, send] = useDisclosure();
  const [answering, answer] = useDisclosure();
  useEffect(() => {
    if (quote.data) document.title = `${quote.data.number} v${quote.data.version}`;
  }, [quote.data]);
  if (quote.error) return <ErrorBox error={quote.error} />;
  if (!quote.data) return <Loading />;
  const q = quote.data;
  const editable = q.status !== 'accepted' && q.status !== 'superseded';

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            {q.number} v{q.version} · {q.title}
            <QuoteStatusBadge status={q.status} />
          </Group>
        }
        sub={`${q.account.name}${q.contact ? ` · ${q.contact.name}` : ''}`}
      >
        {editable && (
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            component={Link}
            to={`/quotes/${q.id}/edit`}
          >
            {q.status === 'draft' ? 'Edit' : 'Revise'}
          </Button>
        )}
        {(q.status === 'draft' || q.status === 'sent') && (
          <Button leftSection={<IconSend size={16} />} onClick={send.open}>
            {q.status === 'sent' ? 'Send again' : 'Send'}
          </Button>
        )}
        {q.status === 'sent' && <Button onClick={answer.open}>Record answer</Button>}
        <Button
          variant="default"
          component="a"
          href={quoteLinks.document(q.id, 'pdf')}
          leftSection={<IconDownload size={16} />}
        >
          PDF
        </Button>
        <Button
          variant="default"
          component="a"
          href={quoteLinks.document(q.id, 'docx')}
          leftSection={<IconDownload size={16} />}
        >
          Word
        </Button>
      </PageHeader>
      <Stack>
        <Outcome quote={q} />
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <Fact label="Account manager">{q.owner?.name ?? '—'}</Fact>
            <Fact label="Contact">
              {q.contact ? `${q.contact.name}${q.contact.email ? ` <${q.contact.email}>` : ''}` : '—'}
            </Fact>
            <Fact label="Valid until">{day(q.validUntil)}</Fact>
            <Fact label="Turnaround">{q.turnaroundDays} working days</Fact>
            <Fact label="Sent">{dateTime(q.sentAt)}</Fact>
            <Fact label="Status">{quoteStatusLabels[q.status]}</Fact>
          </SimpleGrid>
        </Card>
        {q.items.map((item) => (
          <Card withBorder key={item.id} component="section" aria-label={`Item ${item.position}`}>
            <Title order={4}>
              {item.position}. {item.description}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {typeName(item.productType)}
              {item.optional ? ' · an option the client may leave out' : ''}
              {item.acceptedQuantity === null && q.status === 'accepted' ? ' · left out' : ''}
            </Text>
            <QuotePriceTable
              label={`Item ${item.position}: ${item.description} — prices by quantity`}
              prices={item.quantities}
              accepted={item.acceptedQuantity}
              estimates={item.estimates}
            />
          </Card>
        ))}
        <Notes quote={q} />
        <History quote={q} />
      </Stack>
      <SendQuoteDialog quote={q} opened={sending} onClose={send.close} />
      {q.status === 'sent' && (
        <AnswerDialog key={q.updatedAt} quote={q} opened={answering} onClose={answer.close} />
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** The client's answer, and the job an acceptance made. */
function Outcome({ quote: q }: { quote: Quote }) {
  if (q.status === 'accepted')
    return (
      <Alert color="green" title="Accepted">
        By {q.decidedBy} through {channelLabels[q.decisionChannel ?? ''] ?? q.decisionChannel} on{' '}
        {dateTime(q.decidedAt)}
        {q.clientPo ? `, PO ${q.clientPo}` : ''}.{' '}
        {q.job && (
          <Anchor component={Link} to={`/jobs/${q.job.id}`}>
            Job {q.job.number}
          </Anchor>
        )}
      </Alert>
    );
  if (q.status === 'declined')
    return (
      <Alert color="red" title="Declined">
        By {q.decidedBy} through {channelLabels[q.decisionChannel ?? ''] ?? q.decisionChannel} on{' '}
        {dateTime(q.decidedAt)}: {q.declineReason}
      </Alert>
    );
  if (q.status === 'superseded')
    return <Alert color="gray">This version was revised: it can no longer be sent or answered.</Alert>;
  if (q.status === 'expired')
    return (
      <Alert color="orange">
        This quote expired on {day(q.validUntil)}: revise it to send a new version.
      </Alert>
    );
  return null;
}

function Notes({ quote: q }: { quote: Quote }) {
  const notes = [
    ['Terms', q.terms],
    ['Notes for the client', q.clientNotes],
    ['Internal notes', q.internalNotes],
  ].filter((n): n is [string, string] => Boolean(n[1]));
  if (!notes.length) return null;
  return (
    <Card withBorder>
      <Stack gap="xs">
        {notes.map(([label, text]) => (
          <div key={label}>
            <Text size="sm" fw={500}>
              {label}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {text}
            </Text>
          </div>
        ))}
      </Stack>
    </Card>
  );
}

/** The earlier versions this one revised, newest first (each links to the next older). */
function History({ quote: q }: { quote: Quote }) {
  if (!q.previousVersionId) return null;
  return (
    <Card withBorder>
      <Title order={5} mb="xs">
        Earlier versions
      </Title>
      <List size="sm">
        <Version id={q.previousVersionId} />
      </List>
    </Card>
  );
}

function Version({ id }: { id: string }) {
  const quote = useQuote(id);
  if (!quote.data) return null;
  const v = quote.data;
  return (
    <>
      <List.Item>
        <Anchor component={Link} to={`/quotes/${v.id}`}>
          {v.number} v{v.version}
        </Anchor>{' '}
        — {quoteStatusLabels[v.status]}, sent {dateTime(v.sentAt)}
      </List.Item>
      {v.previousVersionId && <Version id={v.previousVersionId} />}
    </>
  );
}
