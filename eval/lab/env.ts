/** The PATH the lab's parts are started with (they get no other variable of ours). */
export function labPath(env: Record<string, string | undefined> = process.env): string {
  return env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
}
