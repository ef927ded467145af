import { createHash } from 'node:crypto';

/**
 * A stable id for a template: the same template text always gets the same id,
 * across processes and versions, so evidence can cite a pattern and a later
 * run (or the baseline window) can find it again.
 */
export function templateIdOf(template: string): string {
  return createHash('sha256').update(template).digest('hex').slice(0, 16);
}
