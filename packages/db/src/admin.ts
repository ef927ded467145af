import postgres from 'postgres';

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function assertDatabaseName(name: string): void {
  // Names are interpolated into DDL (identifiers cannot be bound parameters).
  if (!DATABASE_NAME.test(name)) throw new TypeError(`Invalid database name "${name}": use [a-z0-9_], at most 63 chars`);
}

/** `url` with its database replaced by `name` (same server, credentials and query options). */
export function databaseUrl(url: string, name: string): string {
  assertDatabaseName(name);
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function withAdminConnection(adminUrl: string, fn: (sql: postgres.Sql) => Promise<void>): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Creates an empty database `name` on the server of `adminUrl` (a URL whose
 * user may CREATE DATABASE) and returns its URL. Used by test fixtures and
 * scripts that need a scratch database.
 */
export async function createEmptyDatabase(adminUrl: string, name: string): Promise<string> {
  const url = databaseUrl(adminUrl, name);
  await withAdminConnection(adminUrl, async (sql) => {
    await sql.unsafe(`create database "${name}"`);
  });
  return url;
}

/** Drops database `name`, disconnecting its remaining sessions first (PostgreSQL 13+). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withAdminConnection(adminUrl, async (sql) => {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  });
}
