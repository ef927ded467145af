-- Pro is a base price with a number of included services (plus paid
-- additional ones, see subscriptions.additional_services) instead of unlimited.
-- Only the seeded "unlimited" value changes: a limit an operator tuned stays.
UPDATE "plans" SET "max_services" = 10, "updated_at" = now() WHERE "id" = 'pro' AND "max_services" IS NULL;
