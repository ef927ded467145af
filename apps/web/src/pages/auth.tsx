import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTRPC } from '@vibemonitor/sdk/react';
import { errorMessage, fieldErrors } from '../api.js';
import { Field, FormError, Notice, formValues } from '../components/form.js';

function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · VibeMonitor`;
  }, [title]);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          VibeMonitor
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Where to go after signing in: a same-site path from ?next=, else home. */
function nextPath(params: URLSearchParams): string {
  const next = params.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function OAuthButtons({ next }: { next: string }) {
  const trpc = useTRPC();
  const info = useQuery(trpc.system.info.queryOptions());
  const signIn = info.data?.signIn;
  if (!signIn || (!signIn.google && !signIn.github)) return null;
  // The provider sends the browser back to this page: with ?error= when sign-in
  // failed (shown above the form), else signed in, and the page moves on to `next`.
  const back = `${window.location.origin}/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;
  const href = (provider: 'google' | 'github') =>
    `/api/v1/auth/${provider}/login?redirect_uri=${encodeURIComponent(back)}`;
  return (
    <div className="oauth">
      {signIn.google ? (
        <a className="button secondary" href={href('google')}>
          Continue with Google
        </a>
      ) : null}
      {signIn.github ? (
        <a className="button secondary" href={href('github')}>
          Continue with GitHub
        </a>
      ) : null}
      <p className="divider">or with your email</p>
    </div>
  );
}

const authFields = { email: /email/i, password: /password/i, name: /\bname\b/i };

export function SignInPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useMutation(trpc.auth.login.mutationOptions());
  const errors = fieldErrors(login.error, authFields);
  const oauthError = params.get('error_description') ?? params.get('error');
  // Back from Google/GitHub (or already signed in): go on.
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false, enabled: !oauthError });
  if (me.data) return <Navigate to={nextPath(params)} replace />;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { email = '', password = '' } = formValues(event.currentTarget);
    login.mutate(
      { email, password },
      {
        onSuccess: async () => {
          queryClient.clear();
          await navigate(nextPath(params));
        },
      },
    );
  };
  return (
    <AuthFrame title="Sign in">
      <OAuthButtons next={nextPath(params)} />
      {oauthError ? <FormError message={oauthError} /> : null}
      <form onSubmit={onSubmit} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={errors.fields.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.fields.password}
        />
        <FormError message={errors.form} />
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here?{' '}
        <Link
          to={`/sign-up${params.get('next') ? `?next=${encodeURIComponent(nextPath(params))}` : ''}`}
        >
          Create an account
        </Link>
      </p>
    </AuthFrame>
  );
}

export function SignUpPage() {
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const register = useMutation(trpc.auth.register.mutationOptions());
  const errors = fieldErrors(register.error, authFields);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { email = '', password = '', name = '' } = formValues(event.currentTarget);
    register.mutate({ email, password, name });
  };
  // Sign-up answers the same for new and taken addresses and starts no session:
  // the emailed link confirms the address, then the account signs in.
  if (register.data)
    return (
      <AuthFrame title="Check your email">
        <Notice>{register.data.message}</Notice>
        <p>
          The email went to <strong>{register.data.email}</strong>.
        </p>
        <p>
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </AuthFrame>
    );
  return (
    <AuthFrame title="Create your account">
      <OAuthButtons next={nextPath(params)} />
      <form onSubmit={onSubmit} noValidate>
        <Field label="Name" name="name" autoComplete="name" required error={errors.fields.name} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={errors.fields.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 12 characters; common passwords are refused."
          error={errors.fields.password}
        />
        <FormError message={errors.form} />
        <button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account?{' '}
        <Link
          to={`/sign-in${params.get('next') ? `?next=${encodeURIComponent(nextPath(params))}` : ''}`}
        >
          Sign in
        </Link>
      </p>
    </AuthFrame>
  );
}

export function ForgotPasswordPage() {
  const trpc = useTRPC();
  const forgot = useMutation(trpc.auth.forgotPassword.mutationOptions());
  const errors = fieldErrors(forgot.error, { email: /email/i });
  return (
    <AuthFrame title="Reset your password">
      {forgot.data ? (
        <Notice>{forgot.data.message}</Notice>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            forgot.mutate({ email: formValues(event.currentTarget).email ?? '' });
          }}
        >
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            error={errors.fields.email}
          />
          <FormError message={errors.form} />
          <button type="submit" disabled={forgot.isPending}>
            Email me a link
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const errors = fieldErrors(reset.error, { password: /password/i });
  if (!token)
    return (
      <AuthFrame title="Choose a new password">
        <FormError message="This link is missing its token. Open the link from the email again, or request a new one." />
        <Link to="/forgot-password">Request a new link</Link>
      </AuthFrame>
    );
  return (
    <AuthFrame title="Choose a new password">
      {reset.data ? (
        <>
          <Notice>Your password was changed and every session was signed out.</Notice>
          <Link className="button" to="/sign-in">
            Sign in
          </Link>
        </>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            reset.mutate({ token, password: formValues(event.currentTarget).password ?? '' });
          }}
        >
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            error={errors.fields.password}
          />
          <FormError message={errors.form} />
          <button type="submit" disabled={reset.isPending}>
            Set password
          </button>
        </form>
      )}
    </AuthFrame>
  );
}

export function VerifyEmailPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions());
  const started = useRef(false);
  const [missing] = useState(!token);
  useEffect(() => {
    // Once, even under StrictMode's double effects: the token is single-use.
    if (!token || started.current) return;
    started.current = true;
    verify.mutate({ token }, { onSuccess: () => void queryClient.invalidateQueries() });
  }, [token, verify, queryClient]);
  return (
    <AuthFrame title="Verify your email">
      {missing ? (
        <FormError message="This link is missing its token. Open the link from the email again." />
      ) : null}
      {verify.isPending ? <p role="status">Checking the link…</p> : null}
      {verify.data ? (
        <Notice>{verify.data.user.email} is verified. Thank you! You can sign in now.</Notice>
      ) : null}
      {verify.error ? <FormError message={errorMessage(verify.error)} /> : null}
      <p>
        <Link to="/">Continue to VibeMonitor</Link>
      </p>
    </AuthFrame>
  );
}
