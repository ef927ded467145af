export const SESSION_TITLE_MAX = 80;

/**
 * A session title from its first message: the first non-empty line with
 * whitespace collapsed, cut at a word boundary to at most `max` characters
 * (an ellipsis marks the cut). A single word longer than `max` is cut hard.
 */
export function deriveSessionTitle(message: string, max = SESSION_TITLE_MAX): string {
  const firstLine = message
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .find((line) => line.length > 0);
  if (!firstLine) return 'New investigation';
  if (firstLine.length <= max) return firstLine;
  // Leave room for the ellipsis; prefer the last space so no word is split.
  const room = firstLine.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const cut = space >= max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s.,;:!?-]+$/, '')}…`;
}
