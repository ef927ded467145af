-- Backfill chat_sessions.search_messages (added in 0008) from the turns that
-- existed before it; sendChatMessage appends every later question. Raw SQL on
-- purpose: updated_at stays as it was (this is not a user edit).
UPDATE "chat_sessions" AS s
SET "search_messages" = coalesce(
  (SELECT string_agg(t."message", E'\n' ORDER BY t."created_at", t."id") FROM "chat_turns" AS t WHERE t."session_id" = s."id"),
  ''
);
