/**
 * Action links in emails land on the web app, which calls the API with the
 * token. Tokens travel in the query string only for these one-shot links: they
 * are single-use and short-lived, unlike session tokens.
 */
function webAppLink(webAppUrl: string, path: string, token: string): string {
  const url = new URL(path, webAppUrl.endsWith('/') ? webAppUrl : `${webAppUrl}/`);
  url.searchParams.set('token', token);
  return url.toString();
}

export function verifyEmailLink(webAppUrl: string, token: string): string {
  return webAppLink(webAppUrl, 'verify-email', token);
}

export function resetPasswordLink(webAppUrl: string, token: string): string {
  return webAppLink(webAppUrl, 'reset-password', token);
}

export function invitationLink(webAppUrl: string, token: string): string {
  return webAppLink(webAppUrl, 'invitations', token);
}
