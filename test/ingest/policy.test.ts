import { describe, expect, it } from 'vitest';
import {
  agentLabels,
  applyPolicy,
  CONTENT_POLICY,
  homeUserNames,
  type PolicyTable,
} from '../../lib/ingest/policy.ts';
import {
  homeUserName,
  label,
  normalizePath,
  registrableDomain,
  storablePath,
} from '../../lib/ingest/transform.ts';
import { COLUMN_NAMES } from '../../lib/schema/columns.ts';
import { EVENT_TYPE_NAMES, EVENT_TYPES, type RequestEvent } from '../../lib/schema/request.ts';
import { event, typical } from './fixtures.ts';

const project = (raw: Record<string, unknown>) => applyPolicy(raw as unknown as RequestEvent);

describe('the content policy decides on every field of every type, in one table', () => {
  it('has a decision for exactly the fields of each type in the request schema', () => {
    expect(Object.keys(CONTENT_POLICY).sort()).toEqual([...EVENT_TYPE_NAMES].sort());
    for (const type of EVENT_TYPE_NAMES) {
      expect(Object.keys(CONTENT_POLICY[type]).sort()).toEqual(Object.keys(EVENT_TYPES[type].fields).sort());
    }
  });

  it('targets only stored columns, and at most one field per type is free text', () => {
    for (const type of EVENT_TYPE_NAMES) {
      const decisions = Object.values(CONTENT_POLICY[type]) as { do: string; to?: string }[];
      for (const d of decisions) if (d.to !== undefined) expect(COLUMN_NAMES).toContain(d.to);
      expect(decisions.filter((d) => d.do === 'scrub').length).toBeLessThanOrEqual(1);
    }
  });

  it('is checked by the compiler: a missing field, an unknown column or a kept free-text field does not compile', () => {
    const { path: _omitted, ...withoutPath } = CONTENT_POLICY.file_edit;
    // @ts-expect-error file_edit.path has no decision
    const missing: PolicyTable = { ...CONTENT_POLICY, file_edit: withoutPath };
    const badColumn: PolicyTable = {
      ...CONTENT_POLICY,
      // @ts-expect-error 'title_text' is not a stored column
      window_focus: { title: { do: 'label', to: 'title_text' }, duration_ms: { do: 'drop' } },
    };
    const keptText: PolicyTable = {
      ...CONTENT_POLICY,
      // @ts-expect-error a free-text field cannot be kept as is, only scrubbed, transformed or dropped
      window_focus: { title: { do: 'keep', to: 'content' }, duration_ms: { do: 'drop' } },
    };
    const wrongKind: PolicyTable = {
      ...CONTENT_POLICY,
      // @ts-expect-error a number cannot go to a string column
      clipboard: { action: { do: 'drop' }, length: { do: 'keep', to: 'app' } },
    };
    expect([missing, badColumn, keptText, wrongKind]).toHaveLength(4);
  });
});

describe('per event type, only what a training use needs is kept', () => {
  it('file_edit: path relative to the project, language, diff to scrub, line counts', () => {
    const p = project(typical.file_edit!());
    expect(p).toMatchObject({
      eventType: 'file_edit',
      path: 'src/cart.ts',
      labels: { app: 'vscode', language: 'typescript' },
      counts: { lines_added: 1, lines_removed: 1 },
    });
    expect(p.content).toContain('items.reduce');
  });

  it('terminal_command: command to scrub, cwd as a path, shell as tool, exit code and duration', () => {
    const p = project(typical.terminal_command!());
    expect(p).toMatchObject({
      path: '.',
      labels: { tool: 'zsh' },
      kept: { exit_code: 1, duration_ms: 5321 },
    });
    expect(p.content).toBe('npm test -- --run cart');
  });

  it('test_run: counts and an outcome derived from them', () => {
    expect(project(typical.test_run!())).toMatchObject({
      labels: { tool: 'vitest' },
      counts: { passed: 41, failed: 2, skipped: 1 },
      kept: { outcome: 'failed', duration_ms: 2300 },
      content: null,
    });
    expect(project(event('test_run', { framework: 'jest', passed: 3, failed: 0 })).kept.outcome).toBe(
      'passed',
    );
  });

  it('build: success as outcome, diagnostics to scrub, error and warning counts', () => {
    expect(project(typical.build!())).toMatchObject({
      labels: { tool: 'tsc' },
      kept: { outcome: 'failure', duration_ms: 1800 },
      counts: { errors: 1, warnings: 0 },
    });
  });

  it('navigation: the registrable domain only, never path, query or fragment', () => {
    const p = project(typical.navigation!());
    expect(p.domain).toBe('python.org');
    expect(JSON.stringify(p)).not.toMatch(/library|lookahead|syntax|docs\./);
  });

  it('window_focus: app and duration; the title is dropped', () => {
    const p = project(typical.window_focus!());
    expect(p).toMatchObject({ labels: { app: 'Slack' }, kept: { duration_ms: 30000 }, content: null });
    expect(JSON.stringify(p)).not.toContain('Alice');
  });

  it('keystroke_stats: counts only', () => {
    expect(project(typical.keystroke_stats!())).toMatchObject({
      counts: { keys: 420, deletions: 37, pastes: 2 },
      kept: { duration_ms: 60000 },
      content: null,
      path: null,
    });
  });

  it('clipboard: the length only (not even the action)', () => {
    const p = project(typical.clipboard!());
    expect(p.counts).toEqual({ length: 118 });
    expect(JSON.stringify(p)).not.toContain('copy');
  });

  it('ai_assist: tool, outcome, language and lengths', () => {
    expect(project(typical.ai_assist!())).toMatchObject({
      labels: { tool: 'copilot', language: 'python' },
      kept: { outcome: 'partial' },
      counts: { suggestion_length: 240, accepted_length: 80, latency_ms: 350 },
    });
  });

  it('drops fields the table does not name, whatever they are called', () => {
    const p = project({
      ...typical.clipboard!(),
      text: 'copied secret',
      content: 'injected',
      contributor: 'forged',
      __proto__: { polluted: true },
      device_id: 'd-1',
      employee_id: 'E-1',
    });
    expect(JSON.stringify(p)).not.toMatch(/copied secret|injected|forged|polluted|d-1|E-1/);
  });

  it('drops the project root and the device; keeps os and agent name/version as labels', () => {
    expect(JSON.stringify(project(typical.file_edit!()))).not.toContain('/Users/alice/src/shop');
    expect(agentLabels({ name: 'activity-agent', version: '1.4.2', os: 'macos' })).toEqual({
      agent_version: 'activity-agent/1.4.2',
      os: 'macos',
    });
    expect(agentLabels({ name: 'agent', version: 'v1 <script>', os: 'a@b.example' })).toEqual({});
  });

  it('collects user names from home directories in the batch, to scrub them everywhere', () => {
    const events = [
      typical.file_edit!(),
      event('terminal_command', { command: 'ls', cwd: 'C:\\Users\\Bob.Smith\\x' }),
    ];
    expect(homeUserNames(events as unknown as RequestEvent[]).sort()).toEqual(['Bob.Smith', 'alice']);
  });
});

describe('transforms', () => {
  it.each([
    ['https://user:pass@github.com/org/repo/pull/1?token=abc#x', 'github.com'],
    ['http://a.b.corp.example.co.uk:8443/path', 'example.co.uk'],
    ['https://alice.github.io/blog', 'github.io'], // private suffixes are not registrable domains here
    ['HTTPS://WWW.Example.COM/', 'example.com'],
    ['http://10.0.0.1/admin', null],
    ['http://localhost:3000/', null],
    ['file:///Users/alice/notes.txt', null],
    ['not a url', null],
  ])('registrableDomain(%s) = %s', (url, domain) => expect(registrableDomain(url)).toBe(domain));

  it.each([
    ['/Users/alice/src/shop/src/cart.ts', '/Users/alice/src/shop', 'src/cart.ts'],
    ['/Users/alice/src/shop', '/Users/alice/src/shop/', '.'],
    ['/Users/alice/src/shop-other/x.ts', '/Users/alice/src/shop', '~/src/shop-other/x.ts'],
    ['/home/bob/.ssh/config', undefined, '~/.ssh/config'],
    ['/var/home/bob/x', undefined, '~/x'],
    ['/root/.bashrc', undefined, '~/.bashrc'],
    ['~carol/notes', undefined, '~/notes'],
    ['/mnt/c/Users/Dave/proj/a.py', undefined, '~/proj/a.py'],
    ['C:\\Users\\Dave\\proj\\a.py', 'c:\\users\\dave\\proj', 'a.py'],
    ['C:\\Users\\Dave\\Desktop\\a.py', undefined, '~/Desktop/a.py'],
    ['C:/Documents and Settings/Dave/a.txt', undefined, '~/a.txt'],
    ['\\\\fileserver.corp.example.com\\share\\a.txt', undefined, '//<HOST>/share/a.txt'],
    ['/Users/alice/src/shop/../../.aws/credentials', '/Users/alice/src/shop', '~/.aws/credentials'],
    ['/usr/lib/node_modules/npm/index.js', '/Users/alice/src/shop', '/usr/lib/node_modules/npm/index.js'],
    ['src/home/index.ts', undefined, 'src/home/index.ts'],
    ['/Users/alice/x', '/', '~/x'],
  ])('storablePath(%s, root %s) = %s', (path, root, expected) =>
    expect(storablePath(path, root)).toBe(expected),
  );

  it('finds personal user names but not shared accounts', () => {
    expect(homeUserName('/Users/alice/x')).toBe('alice');
    expect(homeUserName('C:\\Users\\Public\\x')).toBeNull();
    expect(homeUserName('/home/ubuntu/x')).toBeNull();
    expect(homeUserName('/opt/x')).toBeNull();
  });

  it('normalizes separators and dot segments', () => {
    expect(normalizePath('C:\\a\\.\\b\\..\\c')).toBe('C:/a/c');
    expect(normalizePath('/a//b/./c/../../..')).toBe('/');
    expect(normalizePath('C:\\..\\..')).toBe('C:/');
    expect(normalizePath('/b:/x/')).toBe('/b:/x'); // a colon in a POSIX path is no drive
  });

  it('keeps a label only when it looks like a short name', () => {
    for (const ok of ['vscode', 'Visual Studio Code', 'c++', 'c#', 'com.apple.Terminal', 'node/22.1'])
      expect(label(ok)).toBe(ok);
    for (const bad of [
      '',
      ' ',
      'a'.repeat(65),
      'x@y.example',
      'rm -rf ~; echo $HOME',
      'name\nline',
      '<script>',
    ])
      expect(label(bad)).toBeNull();
  });
});
