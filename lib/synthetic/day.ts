/** One simulated employee's working day: coding sessions as a time-ordered list of events. */
import type { RequestEvent } from '../schema/index.ts';
import {
  browsingUrl,
  buildDiagnostics,
  editorApp,
  editorTitle,
  otherWindow,
  terminalCommand,
} from './activities.ts';
import { makeDiff, relativePath } from './diffs.ts';
import type { SimEmployee, SimProject } from './employees.ts';
import {
  type Planted,
  plantInCode,
  plantInCommand,
  plantInDiagnostics,
  plantInTitle,
  plantInUrl,
} from './plants.ts';
import { Rng } from './prng.ts';

export interface DayResult {
  readonly events: RequestEvent[];
  readonly planted: Planted[];
}

const DAY_MS = 86_400_000;

/** Decides which text-carrying events get a plant so that about `rate` of all events do. */
class PlantBudget {
  private debt = 0;
  constructor(
    private readonly rng: Rng,
    private readonly rate: number,
  ) {}
  /** Called once per emitted event. */
  accrue(): void {
    this.debt += this.rate;
  }
  /** Called for an event that can carry a plant. */
  take(): boolean {
    if (this.debt <= 0 || !this.rng.chance(Math.min(1, this.debt))) return false;
    this.debt -= 1;
    return true;
  }
}

class DayBuilder {
  readonly events: RequestEvent[] = [];
  readonly planted: Planted[] = [];
  private readonly budget: PlantBudget;
  private readonly sep: string;

  constructor(
    private readonly rng: Rng,
    private readonly emp: SimEmployee,
    plantRate: number,
  ) {
    this.budget = new PlantBudget(rng, plantRate);
    this.sep = emp.agent.os === 'windows' ? '\\' : '/';
  }

  private base(at: number, sessionId: string, app: string) {
    this.budget.accrue();
    return { event_id: this.rng.uuid(), occurred_at: new Date(at).toISOString(), session_id: sessionId, app };
  }

  private abs(project: SimProject, rel: string): string {
    return `${project.root}${this.sep}${rel.split('/').join(this.sep)}`;
  }

  session(start: number, minutes: number, project: SimProject): number {
    const rng = this.rng;
    const sessionId = rng.uuid();
    const editor = editorApp(rng, project.language);
    const terminal =
      this.emp.agent.os === 'windows' ? 'windows-terminal' : rng.pick(['terminal', 'iterm2', editor]);
    const shell = this.emp.agent.os === 'windows' ? 'pwsh' : rng.pick(['zsh', 'bash']);
    const browser = rng.pick([
      'chrome',
      'chrome',
      'firefox',
      this.emp.agent.os === 'macos' ? 'safari' : 'edge',
    ]);
    const end = start + minutes * 60_000;
    let at = start;
    let currentFile = relativePath(rng, project);
    let lastKeys = at;
    while (at < end) {
      at += Math.round(rng.logNormal(35_000, 0.8));
      const kind = rng.weighted([
        ['edit', 22],
        ['command', 16],
        ['browse', 11],
        ['focus', 13],
        ['clipboard', 8],
        ['ai', 12],
      ] as const);
      if (at - lastKeys > 300_000) {
        // Keystroke counters are reported every five minutes of activity.
        const duration = at - lastKeys;
        const keys = Math.round(rng.logNormal(duration / 600, 0.5));
        this.events.push({
          ...this.base(at, sessionId, editor),
          type: 'keystroke_stats',
          keys,
          deletions: Math.round(keys * rng.next() * 0.15),
          pastes: rng.int(0, 4),
          duration_ms: duration,
        });
        lastKeys = at;
      }
      switch (kind) {
        case 'edit': {
          if (rng.chance(0.3)) currentFile = relativePath(rng, project);
          const plant = this.budget.take() ? plantInCode(rng, this.emp, project.language) : undefined;
          const d = makeDiff(rng, project.language, currentFile, rng.logNormal(2000, 0.45), plant?.lines);
          if (plant) this.planted.push(...plant.planted);
          this.events.push({
            ...this.base(at, sessionId, editor),
            type: 'file_edit',
            project_root: project.root,
            path: this.abs(project, currentFile),
            language: project.language,
            diff: d.diff,
            lines_added: d.linesAdded,
            lines_removed: d.linesRemoved,
          });
          break;
        }
        case 'command': {
          const spec = terminalCommand(rng, project);
          const plant = this.budget.take() ? plantInCommand(rng, this.emp) : undefined;
          if (plant) this.planted.push(...plant.planted);
          const duration = Math.round(rng.logNormal(spec.medianMs, 0.7));
          let exit = rng.chance(0.08) ? rng.pick([1, 2, 127, 130]) : 0;
          const cwd = rng.chance(0.8) ? project.root : this.abs(project, currentFile.split('/')[0] ?? '');
          const commandEvent = this.base(at, sessionId, terminal);
          const follow: RequestEvent[] = [];
          at += duration;
          if (!plant && spec.followUp.kind === 'test') {
            const total = rng.int(4, 400);
            const failed = rng.chance(0.25) ? rng.int(1, Math.max(1, Math.floor(total / 10))) : 0;
            const skipped = rng.chance(0.3) ? rng.int(1, 5) : 0;
            exit = failed > 0 ? 1 : 0;
            follow.push({
              ...this.base(at, sessionId, terminal),
              type: 'test_run',
              framework: spec.followUp.framework,
              passed: Math.max(0, total - failed - skipped),
              failed,
              skipped,
              duration_ms: duration,
            });
          } else if (!plant && spec.followUp.kind === 'build') {
            const success = rng.chance(0.75);
            const errors = success ? 0 : rng.int(1, 6);
            exit = success ? 0 : rng.pick([1, 2]);
            const diag = success
              ? undefined
              : this.budget.take()
                ? plantInDiagnostics(rng, this.emp, project.root)
                : undefined;
            if (diag) this.planted.push(...diag.planted);
            const diagnostics = success
              ? undefined
              : [buildDiagnostics(rng, spec.followUp.tool, currentFile, errors), diag?.text]
                  .filter((s) => s !== undefined)
                  .join('\n');
            follow.push({
              ...this.base(at, sessionId, terminal),
              type: 'build',
              tool: spec.followUp.tool,
              success,
              duration_ms: duration,
              error_count: errors,
              warning_count: rng.chance(0.3) ? rng.int(1, 12) : 0,
              ...(diagnostics !== undefined ? { diagnostics } : {}),
            });
          }
          this.events.push({
            ...commandEvent,
            type: 'terminal_command',
            project_root: project.root,
            command: plant ? plant.command : spec.command,
            cwd,
            shell,
            exit_code: exit,
            duration_ms: duration,
          });
          this.events.push(...follow);
          break;
        }
        case 'browse': {
          const plant = this.budget.take() ? plantInUrl(rng, this.emp) : undefined;
          if (plant) this.planted.push(...plant.planted);
          this.events.push({
            ...this.base(at, sessionId, browser),
            type: 'navigation',
            url: plant ? plant.url : browsingUrl(rng, project),
            duration_ms: Math.round(rng.logNormal(45_000, 1)),
          });
          break;
        }
        case 'focus': {
          const plant = this.budget.take() ? plantInTitle(rng, this.emp) : undefined;
          if (plant) this.planted.push(...plant.planted);
          const fileName = currentFile.split('/').pop() ?? currentFile;
          const other = rng.chance(0.5) ? otherWindow(rng) : undefined;
          const app = plant ? plant.app : (other?.app ?? editor);
          const title = plant ? plant.title : (other?.title ?? editorTitle(editor, fileName, project));
          this.events.push({
            ...this.base(at, sessionId, app),
            type: 'window_focus',
            title,
            duration_ms: Math.round(rng.logNormal(90_000, 1)),
          });
          break;
        }
        case 'clipboard':
          this.events.push({
            ...this.base(at, sessionId, rng.pick([editor, browser, terminal])),
            type: 'clipboard',
            action: rng.weighted([
              ['copy', 5],
              ['paste', 5],
              ['cut', 1],
            ] as const),
            length: Math.round(rng.logNormal(80, 1.2)) + 1,
          });
          break;
        case 'ai': {
          const suggestion = Math.round(rng.logNormal(160, 0.8)) + 1;
          const outcome = rng.weighted([
            ['accepted', 4],
            ['rejected', 5],
            ['partial', 2],
          ] as const);
          this.events.push({
            ...this.base(at, sessionId, editor),
            type: 'ai_assist',
            tool: rng.pick(['copilot', 'copilot', 'cursor-tab', 'codewhisperer']),
            outcome,
            language: project.language,
            suggestion_length: suggestion,
            accepted_length:
              outcome === 'accepted' ? suggestion : outcome === 'partial' ? rng.int(1, suggestion) : 0,
            latency_ms: Math.round(rng.logNormal(350, 0.5)),
          });
          break;
        }
      }
    }
    return at;
  }
}

/**
 * Events of employee `emp` on the UTC day starting at `dayStart` (ms). Depends only on
 * (seed, employee index, day index), so a run can be regenerated piecewise.
 */
export function simulateDay(
  seed: string,
  emp: SimEmployee,
  employeeIndex: number,
  dayIndex: number,
  dayStart: number,
  plantRate: number,
): DayResult {
  const rng = Rng.of(seed, 'day', employeeIndex, dayIndex);
  const builder = new DayBuilder(rng, emp, plantRate);
  const weekday = new Date(dayStart).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const sessions = weekend ? (rng.chance(0.2) ? 1 : 0) : rng.int(2, 4);
  let at = dayStart + (8 * 60 + rng.int(0, 90)) * 60_000;
  for (let s = 0; s < sessions; s++) {
    const project = rng.pick(emp.projects);
    const minutes = weekend ? rng.int(15, 45) : rng.int(30, 110);
    at = builder.session(at, minutes, project) + rng.int(10, 60) * 60_000;
    if (at > dayStart + DAY_MS - 3_600_000) break;
  }
  const events = builder.events;
  // The employee's home directory is in every path and cwd, so their user name is planted
  // whenever the day has any event carrying one.
  const planted = builder.planted;
  if (events.some((e) => 'project_root' in e)) planted.push({ kind: 'own_username', value: emp.username });
  return { events, planted };
}
