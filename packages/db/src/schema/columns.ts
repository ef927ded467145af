import { sql } from 'drizzle-orm';
import { check, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** Primary key shared by every table with a generated id: a random UUID. */
export const id = () => uuid('id').primaryKey().defaultRandom();

/** `created_at timestamptz not null default now()`. */
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * `updated_at timestamptz not null default now()`, bumped by drizzle on every
 * update issued through the query builder (raw SQL updates must set it themselves).
 */
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** A nullable `timestamptz` column. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/**
 * CHECK constraint restricting a text column to a closed set of values. Text +
 * CHECK instead of a Postgres enum type because adding a value to an enum type
 * cannot be used in the transaction that adds it, which breaks migrations.
 * The values are our own constants, so inlining them as literals is safe.
 */
export function enumCheck(name: string, column: AnyPgColumn, values: readonly string[]) {
  const list = values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
  return check(name, sql`${column} in (${sql.raw(list)})`);
}

/** CHECK constraint keeping an email column lowercased (lookups compare exact strings). */
export function lowercaseCheck(name: string, column: AnyPgColumn) {
  return check(name, sql`${column} = lower(${column})`);
}
