/**
 * Host names under the configured internal domains (`db1.corp.example.com` with domain
 * `corp.example.com`) become `<INTERNAL_HOST>`: they reveal the employer's infrastructure. One
 * static host-name pattern plus a suffix check, so configuration never builds a regex.
 */
import { forEachMatch, re } from '../registry.ts';
import type { Detector } from '../types.ts';

const HOSTNAME = re(
  'host.name',
  /(?<![A-Za-z0-9_.-])[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,10}[A-Za-z][A-Za-z0-9-]{0,62}(?![A-Za-z0-9_-])/g,
);

export const internalHostDetector: Detector = {
  id: 'internal_host',
  find({ text, lower, options, triggers }, emit) {
    const domains = options.internalDomains;
    if (domains.length === 0) return;
    const ids = options.internalDomainTriggers;
    if (!domains.some((d, i) => (ids[i]! >= 0 ? triggers.has(ids[i]!) : lower().includes(d)))) return;
    forEachMatch(HOSTNAME, text, (m) => {
      const h = m[0].toLowerCase();
      if (domains.some((d) => h === d || h.endsWith(`.${d}`)))
        emit(m.index, m.index + m[0].length, 'INTERNAL_HOST');
      return undefined;
    });
  },
};
