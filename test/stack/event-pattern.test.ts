/**
 * The offline EventBridge matcher the guard tests rely on, held to the documented semantics: the
 * examples below are the ones EventBridge's user guide and its engine (Event Ruler) give, with the
 * outcome they state.
 */
import { describe, expect, it } from 'vitest';
import { matchesEventPattern as matches } from './event-pattern.ts';

// Event Ruler's README sample event.
const EC2 = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', state: 'running' },
};

describe('exact values: every named field must match, any listed value will do', () => {
  it('matches on listed values, and an event array matches when it shares one', () => {
    expect(
      matches(
        {
          'detail-type': ['EC2 Instance State-change Notification'],
          resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
          detail: { state: ['initializing', 'running'] },
        },
        EC2,
      ),
    ).toBe(true);
    expect(matches({ detail: { state: ['stopped'] } }, EC2)).toBe(false);
    expect(matches({ source: ['aws.ec2'], detail: { missing: ['x'] } }, EC2)).toBe(false);
    expect(matches({ detail: { 'c-count': [5] } }, EC2)).toBe(true);
  });

  it('matches objects inside arrays element by element (array-consistent)', () => {
    const event = {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    };
    expect(matches({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
  });

  it('never matches a value matcher against an object', () => {
    expect(matches({ detail: ['running'] }, EC2)).toBe(false);
  });
});

describe('prefix and suffix match strings only', () => {
  it('matches by prefix and suffix', () => {
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, EC2)).toBe(true);
    expect(matches({ time: [{ prefix: '2017-10-03' }] }, EC2)).toBe(false);
    expect(matches({ source: [{ suffix: 'ec2' }] }, EC2)).toBe(true);
    expect(matches({ source: [{ suffix: 'ec3' }] }, EC2)).toBe(false);
    expect(matches({ detail: { 'c-count': [{ prefix: '5' }] } }, EC2)).toBe(false);
  });
});

describe('anything-but matches every present value but the listed ones', () => {
  it('excludes a value, a list, or a prefix', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, EC2)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': 'running' }] } }, EC2)).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, EC2)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } }, EC2)).toBe(false);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, EC2)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, EC2)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, EC2)).toBe(false);
  });

  it('does not match an event without the field', () => {
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } }, EC2)).toBe(false);
  });
});

describe('exists tests for a leaf, present or absent', () => {
  it('matches presence and absence, absence also below a missing object', () => {
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, EC2)).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, EC2)).toBe(false);
    expect(matches({ detail: { 'e-count': [{ exists: false }] } }, EC2)).toBe(true);
    expect(matches({ detail: { deeper: { still: [{ exists: false }] } } }, EC2)).toBe(true);
    expect(matches({ detail: { deeper: { still: [{ exists: true }] } } }, EC2)).toBe(false);
    // Only leaves exist: a field holding an object does not.
    expect(
      matches({ detail: { 'c-count': [{ exists: false }] } }, { detail: { 'c-count': { c1: 100 } } }),
    ).toBe(true);
  });
});

describe('$or matches when any alternative does, AND-ed with the other fields', () => {
  const cloudwatch = { source: 'aws.cloudwatch', metricName: 'CPUUtilization', namespace: 'AWS/EC2' };
  it('combines alternatives at any level', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/ES'] }],
    };
    expect(matches(pattern, cloudwatch)).toBe(true);
    expect(matches(pattern, { ...cloudwatch, metricName: 'Other' })).toBe(false);
    expect(matches(pattern, { ...cloudwatch, metricName: 'Other', namespace: 'AWS/ES' })).toBe(true);
    expect(matches(pattern, { ...cloudwatch, source: 'aws.ec2' })).toBe(false);
    expect(
      matches({ detail: { $or: [{ state: ['stopped'] }, { 'c-count': [5] }] } }, EC2),
      'nested $or',
    ).toBe(true);
  });
});

describe('refuses what it does not implement, rather than guess', () => {
  it.each([
    [{ detail: { 'c-count': [{ numeric: ['>', 0] }] } }],
    [{ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }],
    [{ source: [{ 'equals-ignore-case': 'EC2' }] }],
    [{ source: [{ wildcard: 'aws.*' }] }],
    [{ source: [{ 'anything-but': { suffix: '2' } }] }],
    [{ $or: [{ source: ['aws.ec2'] }] }],
  ])('%j throws', (pattern) => {
    expect(() => matches(pattern, EC2)).toThrow(/not supported/);
  });
});
