CREATE TABLE "aws_external_ids" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aws_external_ids_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
ALTER TABLE "aws_external_ids" ADD CONSTRAINT "aws_external_ids_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;