/**
 * The release's two knobs, their defaults and bounds: one place for the CDK context
 * (`releaseMinContributors`, `releaseMinSessionEvents`) and the local `npm run release` flags.
 */

export interface ReleaseSettings {
  /** k: a quasi-identifier value is released only if at least this many distinct contributors used it that day. */
  readonly minContributors: number;
  /** Sessions with fewer events (after de-duplication) are not released. */
  readonly minSessionEvents: number;
}

export const DEFAULT_RELEASE_SETTINGS: ReleaseSettings = { minContributors: 5, minSessionEvents: 3 };

/** k = 1 would release every value, so the least is 2. */
export const RELEASE_SETTING_BOUNDS: { readonly [K in keyof ReleaseSettings]: { min: number; max: number } } =
  {
    minContributors: { min: 2, max: 10_000 },
    minSessionEvents: { min: 1, max: 10_000 },
  };

export class ReleaseInputError extends Error {
  override readonly name = 'ReleaseInputError';
}

/** Checks both settings; the error names the setting and its allowed range. */
export function checkReleaseSettings(
  settings: ReleaseSettings,
  names?: Record<keyof ReleaseSettings, string>,
) {
  for (const key of Object.keys(RELEASE_SETTING_BOUNDS) as (keyof ReleaseSettings)[]) {
    const { min, max } = RELEASE_SETTING_BOUNDS[key];
    const value = settings[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ReleaseInputError(
        `${names?.[key] ?? key} must be an integer from ${min} to ${max}, got ${String(value)}`,
      );
    }
  }
  return settings;
}
