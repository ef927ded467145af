import { useEffect, useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage } from '../api.js';
import { FormError } from '../components/form.js';

/** Past investigations, newest first, with full-text search over titles and questions. */
export function HistoryPage() {
  const trpc = useTRPC();
  const { workspaceId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => {
    document.title = 'History · VibeMonitor';
  }, []);
  const list = useInfiniteQuery({
    ...trpc.chat.sessions.list.infiniteQueryOptions(
      { workspaceId, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    enabled: !q,
  });
  const search = useQuery({
    ...trpc.chat.sessions.search.queryOptions({ workspaceId, q }),
    enabled: Boolean(q),
  });
  const items = q ? (search.data?.items ?? []) : (list.data?.pages.flatMap((p) => p.items) ?? []);
  const error = q ? search.error : list.error;
  const pending = q ? search.isPending : list.isPending;
  return (
    <>
      <h1>History</h1>
      <form
        role="search"
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(draft.trim() ? { q: draft.trim() } : {});
        }}
      >
        <label htmlFor="history-q" className="visually-hidden">
          Search investigations
        </label>
        <input
          id="history-q"
          type="search"
          placeholder='Search, e.g. checkout or "payments slow"'
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit">Search</button>
        {q ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft('');
              setParams({});
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      {error ? <FormError message={errorMessage(error)} /> : null}
      {pending ? <p role="status">Loading…</p> : null}
      {!pending && items.length === 0 ? (
        <p>{q ? `Nothing matches “${q}”.` : 'No investigations yet.'}</p>
      ) : null}
      <ul className="sessions" aria-label={q ? 'Search results' : 'Investigations'}>
        {items.map((s) => (
          <li key={s.id}>
            <Link to={`/w/${workspaceId}/chat/${s.id}`}>{s.title ?? 'Untitled investigation'}</Link>{' '}
            <time className="muted" dateTime={s.updatedAt.toISOString()}>
              {s.updatedAt.toLocaleString()}
            </time>
          </li>
        ))}
      </ul>
      {!q && list.hasNextPage ? (
        <button
          type="button"
          className="secondary"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          Load more
        </button>
      ) : null}
    </>
  );
}
