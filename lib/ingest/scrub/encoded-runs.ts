/**
 * Which runs of base64 characters are worth decoding: the rule the trigger pass applies to a
 * text's bytes (triggers.ts, for ASCII text) and decode.ts to the strings of the other views.
 * Both must find the same runs; the alphabets, lengths and the text-start test live here once.
 *
 * A candidate is a whole run of base64 characters (either alphabet) that is MIN_B64_RUN or longer
 * and starts like the base64 of text (its 1st, 5th and, from THIRD_GROUP_RUN on, 9th characters
 * each start a text byte's encoding), or is all hex digits and MIN_HEX_RUN or longer.
 */

/** Base64 runs shorter than this are never decoded (decode.ts: MIN_ENCODED, padding aside). */
export const MIN_B64_RUN = 10;
/** Runs this long must also have a 9th character that starts a text byte's encoding. */
export const THIRD_GROUP_RUN = 12;
/** All-hex runs this long are candidates (8+ bytes). */
export const MIN_HEX_RUN = 16;

/** Value of each ASCII hex digit, -1 for the other ASCII characters. */
export const HEX_VALUE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX_VALUE[65 + c] = 10 + c;
  HEX_VALUE[97 + c] = 10 + c;
}

/** Base64 value of each character of both alphabets (`+ /` and `- _`), -1 for other ASCII characters. */
export const B64_VALUE = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('').forEach((ch, v) => {
  B64_VALUE[ch.charCodeAt(0)] = v;
});
B64_VALUE[43] = 62; // +
B64_VALUE[45] = 62; // -
B64_VALUE[47] = 63; // /
B64_VALUE[95] = 63; // _

/** First character of the base64 of text: the top six bits of a text byte (`C D I…Z a…f`). */
export function startsTextBase64(c: number): boolean {
  return c === 67 || c === 68 || (c >= 73 && c <= 90) || (c >= 97 && c <= 102);
}
