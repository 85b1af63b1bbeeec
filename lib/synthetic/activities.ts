/** Ordinary (unplanted) commands, URLs, window titles and build output. */
import { COMPANY_DOMAIN, type Language, type SimProject } from './employees.ts';
import type { Rng } from './prng.ts';
import { NOUNS, VERBS } from './words.ts';

/** What running a command led to, so that the session can emit a test_run or build event too. */
export type CommandFollowUp =
  | { kind: 'test'; framework: string }
  | { kind: 'build'; tool: string }
  | { kind: 'none' };

export interface CommandSpec {
  readonly command: string;
  readonly followUp: CommandFollowUp;
  /** Typical duration in ms. */
  readonly medianMs: number;
}

const TEST_FRAMEWORK: Record<Language, string> = {
  typescript: 'vitest',
  python: 'pytest',
  go: 'go test',
  sql: 'dbt',
  yaml: 'kubeconform',
};

function gitCommand(rng: Rng): CommandSpec {
  const noun = rng.pick(NOUNS);
  const verb = rng.pick(VERBS);
  const command = rng.pick([
    'git status',
    'git pull --rebase origin main',
    `git checkout -b feature/${verb}-${noun}`,
    `git commit -am "${verb} ${noun} handling"`,
    'git push -u origin HEAD',
    'git log --oneline -n 20',
    'git diff --stat',
    'git rebase -i HEAD~3',
    'git stash pop',
    `git fetch origin && git rebase origin/main`,
  ]);
  return { command, followUp: { kind: 'none' }, medianMs: 600 };
}

function languageCommand(rng: Rng, project: SimProject): CommandSpec {
  const noun = rng.pick(NOUNS);
  const test = (command: string): CommandSpec => ({
    command,
    followUp: { kind: 'test', framework: TEST_FRAMEWORK[project.language] },
    medianMs: 9000,
  });
  const build = (command: string, tool: string): CommandSpec => ({
    command,
    followUp: { kind: 'build', tool },
    medianMs: 15000,
  });
  const plain = (command: string, medianMs = 2000): CommandSpec => ({
    command,
    followUp: { kind: 'none' },
    medianMs,
  });
  switch (project.language) {
    case 'typescript':
      return rng.pick([
        () => test('npm test'),
        () => test(`npx vitest run test/${noun}s.test.ts`),
        () => build('npm run build', 'esbuild'),
        () => build('npx tsc --noEmit', 'tsc'),
        () => plain('npm ci', 20000),
        () => plain('npm run lint', 6000),
        () => plain(`npm install --save-exact zod@3.${rng.int(20, 24)}.${rng.int(0, 9)}`, 8000),
      ])();
    case 'python':
      return rng.pick([
        () => test(`pytest -x tests/test_${noun}s.py`),
        () => test(`pytest -k "${noun} and not slow" -q`),
        () => build(`mypy ${project.name.replace(/-/g, '_')}`, 'mypy'),
        () => plain('python -m pip install -r requirements.txt', 25000),
        () => plain('ruff check . --fix', 1500),
        () => plain(`python scripts/backfill_${noun}s.py --since 2025-1${rng.int(0, 2)}-01 --dry-run`, 30000),
      ])();
    case 'go':
      return rng.pick([
        () => test('go test ./...'),
        () => test(`go test ./internal/${noun}/... -run Test${noun[0]!.toUpperCase()}${noun.slice(1)} -v`),
        () => build('go build ./cmd/server', 'go'),
        () => plain('go vet ./...', 4000),
        () => plain('go mod tidy', 3000),
      ])();
    case 'sql':
      return rng.pick([
        () => test(`dbt test --select fct_${noun}s`),
        () => build(`dbt run --select +fct_${noun}s`, 'dbt'),
        () => plain(`psql -h localhost -U dev analytics -c 'select count(*) from fct_${noun}s'`, 800),
        () => plain('sqlfluff lint models/', 5000),
      ])();
    case 'yaml':
      return rng.pick([
        () => test(`kubeconform -summary k8s/${noun}-service/`),
        () => build(`docker build -t ${noun}-service:dev .`, 'docker'),
        () => plain(`kubectl get pods -n ${noun} -o wide`, 900),
        () => plain(`kubectl logs deploy/${noun}-service -n ${noun} --since=10m`, 1500),
        () => plain(`kubectl rollout status deploy/${noun}-service -n ${noun}`, 20000),
        () => plain(`kubectl apply -f k8s/${noun}-service/deployment.yaml`, 2500),
        () => plain(`helm upgrade --install ${noun} helm/${noun} -f helm/${noun}/values.yaml`, 12000),
        () => plain('terraform plan -out plan.tfplan', 40000),
      ])();
  }
}

function toolCommand(rng: Rng): CommandSpec {
  const noun = rng.pick(NOUNS);
  const command = rng.pick([
    'docker compose up -d',
    'docker ps',
    `docker logs -f ${noun}-db --tail 100`,
    'curl -s localhost:8080/healthz',
    `curl -sS "http://localhost:8080/api/${noun}s?limit=10" | jq .`,
    'ls -la',
    'make test',
    `rg "${noun}Id" src/`,
    'code .',
  ]);
  return { command, followUp: { kind: 'none' }, medianMs: 700 };
}

export function terminalCommand(rng: Rng, project: SimProject): CommandSpec {
  return rng.weighted<() => CommandSpec>([
    [() => gitCommand(rng), 4],
    [() => languageCommand(rng, project), 5],
    [() => toolCommand(rng), 2],
  ])();
}

/** Compiler output of a failed build, relative paths only (absolute paths come from planting). */
export function buildDiagnostics(rng: Rng, tool: string, relPath: string, errors: number): string {
  const lines: string[] = [];
  for (let i = 0; i < errors; i++) {
    const line = rng.int(5, 300);
    const col = rng.int(1, 60);
    const noun = rng.pick(NOUNS);
    switch (tool) {
      case 'tsc':
      case 'esbuild':
        lines.push(
          rng.pick([
            `${relPath}(${line},${col}): error TS2322: Type 'string' is not assignable to type 'number'.`,
            `${relPath}(${line},${col}): error TS2339: Property '${noun}Id' does not exist on type '${noun[0]!.toUpperCase()}${noun.slice(1)}'.`,
            `${relPath}(${line},${col}): error TS2345: Argument of type 'undefined' is not assignable to parameter of type 'string'.`,
            `${relPath}(${line},${col}): error TS7006: Parameter 'row' implicitly has an 'any' type.`,
          ]),
        );
        break;
      case 'go':
        lines.push(
          rng.pick([
            `./${relPath}:${line}:${col}: undefined: ${noun}Store`,
            `./${relPath}:${line}:${col}: cannot use id (variable of type int) as string value in argument`,
            `./${relPath}:${line}:${col}: declared and not used: ${noun}`,
          ]),
        );
        break;
      case 'mypy':
        lines.push(
          `${relPath}:${line}: error: Incompatible return value type (got "None", expected "list[${noun[0]!.toUpperCase()}${noun.slice(1)}]")  [return-value]`,
        );
        break;
      case 'dbt':
        lines.push(
          `Database Error in model fct_${noun}s (models/marts/fct_${noun}s.sql)\n  column "${noun}_id" does not exist\n  LINE ${line}: select ${noun}_id, count(*)`,
        );
        break;
      default:
        lines.push(
          `ERROR [build ${i + 1}/6] RUN npm ci: npm error code ERESOLVE unable to resolve dependency tree (${noun})`,
        );
    }
  }
  if (tool === 'tsc' || tool === 'esbuild')
    lines.push('', `Found ${errors} error${errors === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

const DOCS: Record<Language, readonly string[]> = {
  typescript: [
    'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/reduce',
    'https://www.typescriptlang.org/docs/handbook/2/narrowing.html#discriminated-unions',
    'https://nodejs.org/api/stream.html#streams-promises-api',
    'https://vitest.dev/api/expect.html#tothrowerror',
    'https://zod.dev/?id=objects',
  ],
  python: [
    'https://docs.python.org/3/library/asyncio-task.html#asyncio.gather',
    'https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.groupby.html',
    'https://docs.pytest.org/en/stable/how-to/fixtures.html',
    'https://www.python-httpx.org/async/',
  ],
  go: [
    'https://pkg.go.dev/net/http#Server.Shutdown',
    'https://go.dev/doc/effective_go#errors',
    'https://pkg.go.dev/context#WithTimeout',
    'https://gobyexample.com/worker-pools',
  ],
  sql: [
    'https://docs.getdbt.com/reference/node-selection/syntax',
    'https://www.postgresql.org/docs/16/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
    'https://duckdb.org/docs/sql/functions/dateformat',
  ],
  yaml: [
    'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment',
    'https://docs.github.com/en/actions/using-jobs/using-a-matrix-for-your-jobs',
    'https://docs.docker.com/compose/compose-file/05-services/#healthcheck',
    'https://helm.sh/docs/chart_template_guide/values_files/',
  ],
};

export function browsingUrl(rng: Rng, project: SimProject): string {
  const noun = rng.pick(NOUNS);
  const verb = rng.pick(VERBS);
  return rng.weighted<() => string>([
    [() => rng.pick(DOCS[project.language]), 5],
    [
      () =>
        `https://stackoverflow.com/questions/${rng.int(30_000_000, 79_000_000)}/how-to-${verb}-${noun}-${rng.pick(['in-a-loop', 'without-blocking', 'with-generics', 'in-parallel'])}`,
      3,
    ],
    [() => `https://github.com/northwind/${project.name}/pull/${rng.int(100, 2400)}/files`, 3],
    [() => `https://github.com/northwind/${project.name}/issues?q=is%3Aopen+${noun}`, 1],
    [() => `https://www.google.com/search?q=${project.language}+${verb}+${noun}+error`, 2],
    [() => `https://wiki.${COMPANY_DOMAIN}/display/ENG/${noun[0]!.toUpperCase()}${noun.slice(1)}+Runbook`, 2],
    [() => `https://northwind.atlassian.net/browse/PAY-${rng.int(100, 4000)}`, 2],
    [
      () =>
        `https://docs.aws.amazon.com/lambda/latest/dg/${rng.pick(['invocation-retries', 'configuration-concurrency', 'services-apigateway'])}.html`,
      1,
    ],
  ])();
}

export interface FocusSpec {
  readonly app: string;
  readonly title: string;
}

/** A window that is not the editor: mail, chat, meetings, docs. */
export function otherWindow(rng: Rng): FocusSpec {
  const noun = rng.pick(NOUNS);
  return rng.pick<() => FocusSpec>([
    () => ({ app: 'slack', title: `Slack | #team-${noun}s | Northwind` }),
    () => ({ app: 'outlook', title: `Re: Q${rng.int(1, 4)} roadmap review - ${noun} migration - Outlook` }),
    () => ({ app: 'outlook', title: `Incident review: ${noun} latency spike - Inbox` }),
    () => ({ app: 'chrome', title: `Inbox (${rng.int(1, 40)}) - Gmail - Google Chrome` }),
    () => ({ app: 'zoom', title: 'Zoom Meeting' }),
    () => ({
      app: 'chrome',
      title: `${noun[0]!.toUpperCase()}${noun.slice(1)} design doc - Google Docs - Google Chrome`,
    }),
    () => ({ app: 'notion', title: 'Sprint planning — Notion' }),
  ])();
}

export function editorApp(rng: Rng, language: Language): string {
  if (language === 'python' && rng.chance(0.4)) return 'pycharm';
  if (language === 'go' && rng.chance(0.3)) return 'goland';
  return rng.chance(0.15) ? 'cursor' : 'vscode';
}

export function editorTitle(app: string, fileName: string, project: SimProject): string {
  if (app === 'pycharm' || app === 'goland') return `${project.name} – ${fileName}`;
  return `${fileName} — ${project.name} — ${app === 'cursor' ? 'Cursor' : 'Visual Studio Code'}`;
}
