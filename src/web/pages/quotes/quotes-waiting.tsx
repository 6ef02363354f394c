import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { useQuotes } from '../../data/quotes';
import { DayCard, DayLine } from '../jobs/my-day-parts';

const daysFrom = (from: string, to: Date) => Math.round((Date.parse(from) - to.getTime()) / 86_400_000);

/** My day: the signed-in AM's quotes sent and not yet answered, those about to expire first. */
export function QuotesWaiting() {
  const user = useUser();
  if (!can(user.role, 'quote.edit')) return null;
  return <WaitingList ownerId={user.id} />;
}

function WaitingList({ ownerId }: { ownerId: string }) {
  const list = useQuotes({ status: 'sent', ownerId, limit: 50 });
  const quotes = [...list.items].sort((a, b) => (a.validUntil < b.validUntil ? -1 : 1));
  const now = new Date();
  return (
    <DayCard
      title="Quotes waiting on the client"
      color="yellow"
      items={quotes}
      itemKey={(q) => q.id}
      allHref="/quotes?status=sent"
      empty="No quote waits for an answer."
      render={(q) => {
        const left = daysFrom(`${q.validUntil}T23:59:59Z`, now);
        const sent = q.sentAt ? Math.max(0, -daysFrom(q.sentAt, now)) : 0;
        return (
          <DayLine
            to={`/quotes/${q.id}`}
            title={`${q.number} · ${q.title} · ${q.account.name}`}
            noteColor={left <= 3 ? 'red' : undefined}
            note={`sent ${sent === 0 ? 'today' : `${sent} day(s) ago`}; ${left <= 0 ? 'expires today' : `expires in ${left} day(s)`}`}
          />
        );
      }}
    />
  );
}
