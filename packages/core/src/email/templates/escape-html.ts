const replacements: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML bodies and double- or single-quoted attributes. Every
 * interpolated value goes through it: names and workspace names are chosen by
 * users, so an unescaped one could inject markup into someone else's inbox.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => replacements[char] ?? char);
}
