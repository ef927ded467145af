import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Link,
  NavLink,
  Navigate,
  Outlet,
  useLocation,
  useMatch,
  useNavigate,
  useParams,
} from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage, isUnauthorized } from '../api.js';
import { FormError } from '../components/form.js';

/** Signed-in pages: the header (workspace switcher, account) and the page below. */
export function AppLayout() {
  const trpc = useTRPC();
  const location = useLocation();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (me.error) {
    if (isUnauthorized(me.error)) {
      const next = `${location.pathname}${location.search}`;
      return (
        <Navigate
          to={`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`}
          replace
        />
      );
    }
    return <FormError message={errorMessage(me.error)} />;
  }
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header name={me.data.user.name ?? me.data.user.email} />
      {!me.data.user.emailVerified ? <VerifyBanner email={me.data.user.email} /> : null}
      <Outlet />
    </>
  );
}

function VerifyBanner({ email }: { email: string }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());
  return (
    <div className="banner" role="status">
      Please verify {email}: we sent you a link.{' '}
      {resend.isSuccess ? (
        'A new link is on its way.'
      ) : (
        <button
          type="button"
          className="link"
          onClick={() => resend.mutate()}
          disabled={resend.isPending}
        >
          Send it again
        </button>
      )}
      {resend.error ? <span className="field-error"> {errorMessage(resend.error)}</span> : null}
    </div>
  );
}

export function useOpenDemo() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation(
    trpc.workspace.createDemo.mutationOptions({
      onSuccess: async ({ workspace }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspace.list.queryKey() });
        await navigate(`/w/${workspace.id}/chat`);
      },
    }),
  );
}

function Header({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The header sits above the workspace routes, so it reads the id from the URL.
  const workspaceId = useMatch('/w/:workspaceId/*')?.params.workspaceId;
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const info = useQuery(trpc.system.info.queryOptions());
  const openDemo = useOpenDemo();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: async () => {
        queryClient.clear();
        await navigate('/sign-in');
      },
    }),
  );
  const demoName = info.data?.demo.workspaceName;
  const inDemo = workspaces.data?.some((w) => w.id === workspaceId && w.name === demoName);
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        VibeMonitor
      </Link>
      <label className="switcher">
        <span className="visually-hidden">Workspace</span>
        <select
          aria-label="Workspace"
          value={workspaceId ?? ''}
          onChange={(event) => {
            if (event.target.value) void navigate(`/w/${event.target.value}/chat`);
          }}
        >
          <option value="" disabled>
            Choose a workspace
          </option>
          {workspaces.data?.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      {info.data?.demo.available && !inDemo ? (
        <button
          type="button"
          className="secondary"
          onClick={() => openDemo.mutate()}
          disabled={openDemo.isPending}
        >
          Open the demo workspace
        </button>
      ) : null}
      <span className="spacer" />
      <span className="who">{name}</span>
      <button
        type="button"
        className="secondary"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        Sign out
      </button>
      {openDemo.error ? <FormError message={errorMessage(openDemo.error)} /> : null}
    </header>
  );
}

/** A workspace's pages with their navigation. */
export function WorkspaceLayout() {
  const trpc = useTRPC();
  const { workspaceId = '' } = useParams();
  const workspace = useQuery(trpc.workspace.get.queryOptions({ workspaceId }));
  if (workspace.error)
    return (
      <main id="main" className="page">
        <FormError message={errorMessage(workspace.error)} />
        <Link to="/">Choose another workspace</Link>
      </main>
    );
  const owner = workspace.data?.role === 'owner';
  return (
    <div className="workspace">
      <nav aria-label="Workspace pages" className="side-nav">
        <p className="workspace-name">{workspace.data?.name ?? '…'}</p>
        <ul>
          <li>
            <NavLink to="chat" end>
              Investigate
            </NavLink>
          </li>
          <li>
            <NavLink to="history">History</NavLink>
          </li>
          <li>
            <NavLink to="members">Members</NavLink>
          </li>
          <li>
            <NavLink to="environments">Environments &amp; services</NavLink>
          </li>
          <li>
            <NavLink to="integrations">Integrations</NavLink>
          </li>
          <li>
            <NavLink to="llm">LLM settings{owner ? '' : ' (view)'}</NavLink>
          </li>
        </ul>
      </nav>
      <main id="main" className="page">
        <Outlet />
      </main>
    </div>
  );
}
