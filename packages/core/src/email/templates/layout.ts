import { escapeHtml } from './escape-html.js';

/**
 * The shared HTML shell: one paragraph list and one button. Callers pass plain
 * text; this function escapes it, so no template can forget to.
 */
export function renderHtml({
  title,
  paragraphs,
  action,
  footer,
}: {
  title: string;
  paragraphs: string[];
  action: { label: string; link: string };
  footer: string;
}): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('\n');
  const link = escapeHtml(action.link);
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2933;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>
${body}
<p style="margin:24px 0"><a href="${link}" style="background:#2563eb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#52606d">If the button does not work, paste this link into your browser:<br><a href="${link}">${link}</a></p>
<p style="margin:0;font-size:13px;color:#52606d">${escapeHtml(footer)}</p>
</body>
</html>
`;
}
