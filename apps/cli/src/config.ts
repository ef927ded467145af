import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const configSchema = z.object({
  server: z.string().optional(),
  token: z.string().optional(),
  email: z.string().optional(),
  /** The workspace commands use when --workspace is not given. */
  workspaceId: z.string().optional(),
});
export type CliConfig = z.infer<typeof configSchema>;

export const configFile = (dir: string) => join(dir, 'config.json');

/** Reads config.json; a missing file is an empty config, a broken one an error that names it. */
export async function loadConfig(dir: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(configFile(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = configSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${configFile(dir)} is not a VibeMonitor config: delete it and sign in again.`);
  return parsed.data;
}

/**
 * Writes config.json readable by its owner only (0600, directory 0700): it
 * holds a session token. Written to a temporary file and renamed, so a crash
 * never leaves half a file.
 */
export async function saveConfig(dir: string, config: CliConfig): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = configFile(dir);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

export async function removeConfig(dir: string): Promise<void> {
  await rm(configFile(dir), { force: true });
}
