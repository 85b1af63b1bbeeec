/**
 * The Lambda's directory source over S3 (client mocked with aws-sdk-client-mock): loaded at cold
 * start, re-checked on an interval with If-None-Match, swapped when it changed, kept when a
 * refresh fails; until a first copy is in hand the core answers "retry" and stores nothing.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Directory } from '../../lib/directory/index.ts';
import { createS3DirectorySource } from '../../lib/directory/s3-source.ts';
import { DirectoryUnavailableError } from '../../lib/directory/source.ts';
import { handleIngestRequest } from '../../lib/ingest/handle-request.ts';
import { createMemorySink } from '../../lib/ingest/memory-sink.ts';
import { config, envelope, request, typical } from '../ingest/fixtures.ts';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const ana = Directory.build([
  { employeeId: 'E000001', name: 'Ana Silva', usernames: ['asilva'], emails: [] },
]);
const bo = Directory.build([
  { employeeId: 'E000002', name: 'Bongani Okonkwo', usernames: ['bokonkwo'], emails: [] },
]);

/** A GetObject answer whose body yields `bytes`, as the SDK's stream mixin would. */
const object = (bytes: Uint8Array, etag: string) => ({
  ETag: etag,
  ContentLength: bytes.byteLength,
  Body: { transformToByteArray: async () => bytes } as never,
});
const notModified = () =>
  Object.assign(new Error('UnknownError'), { name: '304', $metadata: { httpStatusCode: 304 } });
const names = (d: Directory | undefined, text: string) => {
  const out: string[] = [];
  d?.findSpans(text, (s, e) => out.push(text.slice(s, e)));
  return out;
};

beforeEach(() => s3.reset());

describe('loading at cold start', () => {
  it('fetches the configured object once, before any request asks', async () => {
    s3.on(GetObjectCommand).resolves(object(ana.artifact, '"v1"'));
    const source = createS3DirectorySource({
      client,
      bucket: 'data',
      key: 'directory/people.bin',
      refreshMs: 60_000,
    });
    await source.ready;
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'data',
      Key: 'directory/people.bin',
      IfNoneMatch: undefined,
    });
    expect(names(await source.current(), 'Ana Silva')).toEqual(['Ana Silva']);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('rejects while no copy could be had, then loads on a later request', async () => {
    let t = 0;
    s3.on(GetObjectCommand).rejectsOnce(Object.assign(new Error('AccessDenied'), { name: 'AccessDenied' }));
    const source = createS3DirectorySource({
      client,
      bucket: 'data',
      key: 'directory/people.bin',
      refreshMs: 60_000,
      retryMs: 1000,
      now: () => t,
    });
    await source.ready;
    await expect(source.current()).rejects.toThrow(DirectoryUnavailableError);
    await expect(source.current()).rejects.toThrow('people directory: not loaded (AccessDenied)');
    s3.on(GetObjectCommand).resolves(object(ana.artifact, '"v1"'));
    t = 999; // too soon to try again
    await expect(source.current()).rejects.toThrow(DirectoryUnavailableError);
    t = 1000;
    expect(names(await source.current(), 'ANA SILVA')).toEqual(['ANA SILVA']);
  });

  it('refuses a damaged object (checksum) like a missing one', async () => {
    const damaged = ana.artifact.slice();
    damaged[40] = (damaged[40]! + 1) % 256;
    s3.on(GetObjectCommand).resolves(object(damaged, '"bad"'));
    const source = createS3DirectorySource({
      client,
      bucket: 'data',
      key: 'directory/p.bin',
      refreshMs: 60_000,
    });
    await source.ready;
    await expect(source.current()).rejects.toThrow('people directory: not loaded (DirectoryFormatError)');
  });
});

describe('refreshing on an interval', () => {
  it('asks with If-None-Match after the interval; 304 keeps the copy in hand', async () => {
    let t = 0;
    s3.on(GetObjectCommand).resolvesOnce(object(ana.artifact, '"v1"')).rejects(notModified());
    const outcomes: string[] = [];
    const source = createS3DirectorySource({
      client,
      bucket: 'data',
      key: 'directory/people.bin',
      refreshMs: 60_000,
      now: () => t,
      onLoad: (o) => outcomes.push(o),
    });
    await source.ready;
    t = 59_999;
    await source.current();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    t = 60_000;
    const during = await source.current(); // answers at once with the copy in hand
    expect(names(during, 'Ana Silva')).toEqual(['Ana Silva']);
    await new Promise((r) => setImmediate(r));
    expect(s3.commandCalls(GetObjectCommand)[1]!.args[0].input.IfNoneMatch).toBe('"v1"');
    expect(outcomes).toEqual(['loaded', 'unchanged']);
    expect(names(await source.current(), 'Ana Silva')).toEqual(['Ana Silva']);
  });

  it('swaps in a new version, and keeps the old one when a refresh fails', async () => {
    let t = 0;
    s3.on(GetObjectCommand)
      .resolvesOnce(object(ana.artifact, '"v1"'))
      .resolvesOnce(object(bo.artifact, '"v2"'))
      .rejects(Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
    const source = createS3DirectorySource({
      client,
      bucket: 'b',
      key: 'directory/p.bin',
      refreshMs: 1000,
      now: () => t,
    });
    await source.ready;
    t = 1000;
    await source.current();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(names(await source.current(), 'Ana Silva met Bongani Okonkwo')).toEqual(['Bongani Okonkwo']);
    t = 2000;
    await source.current();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(3);
    expect(names(await source.current(), 'Bongani Okonkwo')).toEqual(['Bongani Okonkwo']);
  });
});

describe('the core and the directory source', () => {
  const body = (diff: string) => request(envelope([{ ...typical.file_edit!(), diff }]));

  it('answers retry for every event while a configured directory cannot be had, and stores nothing', async () => {
    const sink = createMemorySink();
    const response = await handleIngestRequest(body('+ // owner: Ana Silva'), {
      config,
      sink,
      keys: { windowKey: async () => new Uint8Array(32) },
      directory: {
        current: () => Promise.reject(new DirectoryUnavailableError('people directory: not loaded')),
      },
    });
    const parsed = JSON.parse(response.body) as { results: { status: string; message: string }[] };
    expect(response.statusCode).toBe(503);
    expect(parsed.results.map((r) => [r.status, r.message])).toEqual([
      ['retry', 'people directory: unavailable; send again later'],
    ]);
    expect(sink.rows).toEqual([]);
  });

  it('scrubs every directory person from kept text', async () => {
    const sink = createMemorySink();
    const zyxa = Directory.build([
      { employeeId: 'E000001', name: 'Zyxa Quorvin', usernames: ['zquorvin'], emails: [] },
    ]);
    await handleIngestRequest(body('+ // owner: Zyxa Quorvin (zquorvin), E-000001'), {
      config,
      sink,
      keys: { windowKey: async () => new Uint8Array(32) },
      directory: { current: async () => zyxa },
    });
    expect(sink.rows[0]!.content).toBe('+ // owner: <IDENTITY> (<IDENTITY>), <IDENTITY>');
    expect(sink.rows[0]!.redactions).toEqual({ IDENTITY: 3 });
  });
});
