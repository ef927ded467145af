-- Plans every deployment starts with; workspaces.plan_id references them.
-- ON CONFLICT DO NOTHING keeps limits an operator has tuned since. Prices are
-- charged by Stripe; price_cents is only what the console displays.
INSERT INTO "plans" ("id", "name", "max_services", "daily_investigations", "price_cents") VALUES
	('free', 'Free', 5, 10, 0),
	('pro', 'Pro', NULL, 100, 0)
ON CONFLICT ("id") DO NOTHING;
