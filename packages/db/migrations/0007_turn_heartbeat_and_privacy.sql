CREATE TABLE "workspace_privacy_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"mask_personal_data" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rca_jobs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspace_privacy_settings" ADD CONSTRAINT "workspace_privacy_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;