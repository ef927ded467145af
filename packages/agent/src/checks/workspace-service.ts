/** A service the workspace configured, as the investigation sees it. */
export interface WorkspaceService {
  name: string;
  aliases: readonly string[];
  description?: string | null;
  /** Equality matchers per source kind, when someone configured them: `{ prometheus: { job: 'api' } }`. */
  labelMatchers?: { prometheus?: Record<string, string>; loki?: Record<string, string> };
}
