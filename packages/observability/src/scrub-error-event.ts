import type { ErrorEvent } from '@sentry/node';

/** drizzle's DrizzleQueryError message ends with the bound parameters: user data, never sent. */
const queryParams = /\nparams: [\s\S]*$/;

/**
 * Sentry's `beforeSend`: keeps an error report to the error itself. Request
 * bodies, cookies, headers (Authorization!) and query strings (tRPC inputs)
 * are removed even if an integration attached them, and SQL parameters are
 * cut from query errors. Mutates and returns the event, as Sentry expects.
 */
export function scrubErrorEvent(event: ErrorEvent): ErrorEvent {
  if (event.request) {
    const { method, url } = event.request;
    event.request = {
      ...(method ? { method } : {}),
      ...(url ? { url: url.split('?')[0] } : {}),
    };
  }
  if (event.user) {
    delete event.user.ip_address;
    delete event.user.email;
  }
  for (const exception of event.exception?.values ?? []) {
    if (exception.value)
      exception.value = exception.value.replace(queryParams, '\nparams: [redacted]');
  }
  return event;
}
