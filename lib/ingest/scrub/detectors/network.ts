/**
 * IPv4, IPv6 and MAC addresses. Kept on purpose (not personal, and useful signal): loopback
 * (127.0.0.0/8, ::1), unspecified (0.0.0.0, ::), broadcast 255.255.255.255, netmasks, network
 * addresses written as CIDR blocks (`10.0.0.0/16`, host bits zero), four-part version numbers
 * (`Version=1.0.0.0`), and the all-zero / broadcast MACs. Private ranges ARE replaced: a LAN
 * address still points at one device.
 */
import { isIPv6 } from 'node:net';
import { execAt, forEachAnchor, forEachMatch, re } from '../registry.ts';
import { lit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { isWordCode } from '../validators.ts';

const IPV4 = re(
  'ip.v4',
  /(?<![A-Za-z0-9_.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![A-Za-z0-9_]|\.\d)(?:\/(\d{1,2}))?/g,
);
const IPV6 = re(
  'ip.v6',
  /(?<![A-Za-z0-9_:.])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?:(?:\.\d{1,3}){3})?/y,
);
// MAC forms, each run at a candidate start found from its separator (see find()).
const MAC = re(
  'mac',
  /(?<![A-Za-z0-9_:.-])(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}(?![A-Za-z0-9_:-])|(?<![A-Za-z0-9_:.-])(?:[0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}(?![A-Za-z0-9_:-])|(?<![A-Za-z0-9_.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![A-Za-z0-9_.])/y,
);

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function toInt(ip: string): number {
  const p = ip.split('.');
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

/** A contiguous run of ones then zeros (255.255.240.0). */
function isNetmask(n: number): boolean {
  const inv = ~n >>> 0;
  return n !== 0 && (inv & (inv + 1)) === 0;
}

function isVersionContext(text: string, start: number): boolean {
  const prev = text.charAt(start - 1);
  if (prev === 'v' || prev === 'V') return true;
  const before = text.slice(Math.max(0, start - 24), start).toLowerCase();
  return before.includes('version') || before.includes('ver ') || before.includes('build');
}

function keepIpv4(ip: string, prefix: string | undefined): boolean {
  const n = toInt(ip);
  if (ip.startsWith('127.') || n === 0 || n === 0xffffffff || isNetmask(n)) return true;
  if (prefix !== undefined) {
    const bits = Number(prefix);
    if (bits < 32) {
      const hostMask = bits === 0 ? 0xffffffff : (2 ** (32 - bits) - 1) >>> 0;
      return (n & hostMask) >>> 0 === 0;
    }
  }
  return false;
}

function hasDigitChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function hasHexLetter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 102) return true;
  }
  return false;
}

const DOT = lit('.');

export const networkDetector: Detector = {
  id: 'network',
  find({ text, triggers }, emit) {
    if (triggers.digits >= 4 && triggers.has(DOT)) {
      forEachMatch(IPV4, text, (m) => {
        const prefix = m[1];
        const ip = prefix === undefined ? m[0] : m[0].slice(0, m[0].length - prefix.length - 1);
        if (keepIpv4(ip, prefix) || isVersionContext(text, m.index)) return undefined;
        emit(m.index, m.index + ip.length, 'IP_ADDRESS');
        return undefined;
      });
    }
    // IPv6 and colon/dash MACs are found from their separators: a colon or dash between hex
    // digits (or a '::'), far rarer than the hex letters a class-led regex would try.
    let scannedTo = 0;
    // The hex/colon run before the last IPv6 candidate: [runStart, runPos) holds only hex digits
    // and colons (when the run is longer than the 40 characters looked back over, runStart is
    // that bound, which later candidates, further on, never reach back past). Dense runs
    // (`a1:a1:…`) then cost O(gap) per candidate instead of a 40-character walk.
    let runStart = 0;
    let runPos = -1;
    forEachAnchor(text, ':-.', (i) => {
      const prev = text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      const sep = text.charAt(i);
      if (!isHex(next) && !(sep === ':' && next === 58)) return undefined;
      if (!isHex(prev) && !(sep === ':' && prev === 58)) return undefined;
      // MAC: the first separator sits 2 (':'/'-') or 4 ('.') characters into the address.
      const macStart = i - (sep === '.' ? 4 : 2);
      if (macStart >= 0 && macStart >= scannedTo) {
        const m = execAt(MAC, text, macStart);
        if (m !== null) {
          const hex = m[0].toLowerCase().replaceAll(':', '').replaceAll('-', '').replaceAll('.', '');
          const end = macStart + m[0].length;
          // All-zero / broadcast are not personal; the dotted (Cisco) form must show a hex letter.
          if (hex !== '000000000000' && hex !== 'ffffffffffff' && (sep !== '.' || hasHexLetter(hex))) {
            emit(macStart, end, 'MAC_ADDRESS');
          }
          scannedTo = end;
          return end;
        }
      }
      if (sep !== ':' || i < scannedTo) return undefined;
      // Start of the candidate: back over at most 40 hex digits and colons.
      let start: number;
      if (runPos >= 0 && i - runPos <= 40) {
        for (let p = runPos; p < i; p++) {
          const c = text.charCodeAt(p);
          if (!(isHex(c) || c === 58)) runStart = p + 1;
        }
        start = Math.max(runStart, i - 40);
      } else {
        start = i;
        while (
          start > 0 &&
          i - start < 40 &&
          (isHex(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 58)
        )
          start--;
        runStart = start;
      }
      runPos = i;
      const m = execAt(IPV6, text, start);
      if (m === null) return undefined;
      const s = m[0];
      const end = start + s.length;
      scannedTo = end;
      if (end < text.length && (isWordCode(text.charCodeAt(end)) || text.charAt(end) === ':')) return end;
      if (s === '::' || s === '::1' || !hasDigitChar(s) || !isIPv6(s)) return end;
      emit(start, end, 'IP_ADDRESS');
      return end;
    });
  },
};
