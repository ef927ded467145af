import type { LabelMatchers } from './service-fields.js';

/** A service as the API shows it, with the telemetry identity investigations use to find its data. */
export interface ServiceSummary {
  id: string;
  name: string;
  description: string | null;
  aliases: string[];
  labelMatchers: LabelMatchers;
  createdAt: Date;
  updatedAt: Date;
}
