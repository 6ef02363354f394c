import { useEffect, useState } from 'react';
import { createSpotlight, Spotlight, useSpotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconAddressBook, IconClipboardList, IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { accountsApi } from '../data/accounts';
import { jobsApi } from '../data/jobs';

const [store, search] = createSpotlight();
export const openSearch = () => search.open();

type Result = { action: SpotlightActionData; open(): void };

/** Finds accounts (by name, contact name or e-mail) and jobs (by number or title) as you type. */
export function GlobalSearch() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [actions, setActions] = useState<Result[]>([]);
  const [pending, setPending] = useState(false);
  const { opened } = useSpotlight(store);

  // Letters typed in the instant between `/` and the search box taking focus would be lost: keep them.
  useEffect(() => {
    if (!opened) return;
    const catchKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
      // Stop it here too, so page shortcuts (`n` for a new account) do not fire behind the search.
      event.preventDefault();
      event.stopPropagation();
      setQuery((q) => q + event.key);
    };
    window.addEventListener('keydown', catchKey, true);
    return () => window.removeEventListener('keydown', catchKey, true);
  }, [opened]);

  useEffect(() => {
    const term = query.trim();
    if (term.length < 2) {
      setActions([]);
      setPending(false);
      return;
    }
    setPending(true);
    let cancelled = false;
    const timer = setTimeout(async () => {
      const [accounts, jobs] = await Promise.all([
        accountsApi.list({ q: term, limit: 6 }).catch(() => ({ items: [] })),
        jobsApi.list({ q: term, limit: 6 }).catch(() => ({ items: [] })),
      ]);
      if (cancelled) return;
      const found: (SpotlightActionData & { open(): void })[] = [
        ...accounts.items.map((a) => ({
          id: `account-${a.id}`,
          label: a.name,
          description: a.primaryContact ? `Account · ${a.primaryContact.name}` : 'Account',
          leftSection: <IconAddressBook size={18} />,
          open: () => navigate(`/accounts/${a.id}`),
        })),
        ...jobs.items.map((j) => ({
          id: `job-${j.id}`,
          label: `${j.number} · ${j.title}`,
          description: `Job · ${j.account.name} · due ${j.dueDate}`,
          leftSection: <IconClipboardList size={18} />,
          open: () => navigate(`/jobs/${j.id}`),
        })),
      ];
      setActions(found.map(({ open, ...action }) => ({ action: { ...action, onClick: open }, open })));
      setPending(false);
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, navigate]);

  return (
    <Spotlight
      store={store}
      // No opening animation: the letters typed right after `/` land in the search box, not nowhere.
      transitionProps={{ duration: 0 }}
      actions={actions.map((r) => r.action)}
      query={query}
      onQueryChange={setQuery}
      filter={(_q, a) => a}
      shortcut={['mod + K']}
      nothingFound={
        query.trim().length < 2 ? 'Type at least two letters' : pending ? 'Searching…' : 'Nothing found'
      }
      searchProps={{
        leftSection: <IconSearch size={18} />,
        placeholder: 'Search accounts and jobs…',
        'aria-label': 'Search accounts and jobs',
        // Results arrive after the query changes, so nothing may be highlighted yet: Enter opens the first.
        onKeyDown: (event) => {
          if (event.key !== 'Enter' || !actions.length) return;
          const list = document.getElementById(store.getState().listId);
          if (list?.querySelector('[data-selected]')) return;
          event.preventDefault();
          search.close();
          actions[0]!.open();
        },
      }}
      highlightQuery
    />
  );
}
