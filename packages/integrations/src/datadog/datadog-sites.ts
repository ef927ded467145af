import { AppError } from '@vibemonitor/contracts';

/** Datadog's regions (as the UI names them) and the site each lives on. */
export const datadogSites = {
  us1: 'datadoghq.com',
  us3: 'us3.datadoghq.com',
  us5: 'us5.datadoghq.com',
  eu1: 'datadoghq.eu',
  ap1: 'ap1.datadoghq.com',
  'us1-fed': 'ddog-gov.com',
} as const;

export type DatadogRegion = keyof typeof datadogSites;
export const datadogRegions = Object.keys(datadogSites) as DatadogRegion[];

export function isDatadogRegion(value: string): value is DatadogRegion {
  return Object.hasOwn(datadogSites, value);
}

/** The site of a region; an unknown region is refused with the list of valid ones. */
export function datadogSite(region: string): string {
  if (!isDatadogRegion(region)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `"${region}" is not a Datadog region: use one of ${datadogRegions.join(', ')}.`,
    );
  }
  return datadogSites[region];
}

/** The region of a stored site (the table keeps the site, the UI shows the region). */
export function datadogRegionOfSite(site: string): DatadogRegion | null {
  const found = datadogRegions.find((region) => datadogSites[region] === site);
  return found ?? null;
}
