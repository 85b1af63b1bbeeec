/**
 * The registrable domain of a URL or host: tldts's own parsing (tldts-core: host extraction, IP
 * detection, validation) with the ICANN suffix rules shipped as data (public-suffixes.ts).
 */
import { getEmptyResult, parseImpl } from 'tldts-core';
import { suffixLookup } from './public-suffixes.ts';

/** tldts-core's `FLAG.DOMAIN` (a const enum, so not exported at run time): stop at the domain. */
const DOMAIN_STEP = 3;
const OPTIONS = { allowPrivateDomains: false } as const;

/** What tldts-icann's `getDomain(url, { allowPrivateDomains: false })` answers: null for IPs, localhost, files. */
export function getRegistrableDomain(url: string): string | null {
  return parseImpl(url, DOMAIN_STEP, suffixLookup, OPTIONS, getEmptyResult()).domain;
}
