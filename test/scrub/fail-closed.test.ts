import { describe, expect, it } from 'vitest';
import { createScrubber, DETECTORS, type Detector, prepareHints } from '../../lib/ingest/scrub/index.ts';
import { requestScrubber, ScrubFailedError, scrubFields } from '../../lib/ingest/scrub-fields.ts';

const faulty: Detector = {
  id: 'faulty',
  find() {
    throw new Error('detector bug');
  },
};

const secretText = 'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';

describe('a detector fault fails closed', () => {
  it('returns no text and says it failed, instead of passing the input through', () => {
    const scrubber = createScrubber({ detectors: [...DETECTORS, faulty] });
    const out = scrubber.scrub(secretText);
    expect(out).toEqual({ text: '', truncated: true, redactions: {}, failed: true });
  });

  it('a healthy scrubber reports failed: false', () => {
    expect(createScrubber().scrub(secretText).failed).toBe(false);
  });

  it('makes the ingest step refuse the event rather than store it without its content', () => {
    const s = requestScrubber(createScrubber({ detectors: [faulty] }), prepareHints(undefined));
    const projection = {
      eventType: 'terminal_command' as const,
      kept: {},
      counts: null,
      labels: {},
      path: null,
      domain: null,
      content: secretText,
    };
    expect(() => scrubFields(s, projection)).toThrow(ScrubFailedError);
    expect(() => scrubFields(s, { ...projection, content: null, path: 'src/app.ts' })).toThrow(
      ScrubFailedError,
    );
  });
});
