import type { AppLimits, AppLimitsInput } from '../../preload/contract';
import type { EngineConfig } from './config';

/** The app-wide limits a config gives: what applies where Settings has nothing saved. */
export function appLimitsOf(config: EngineConfig): AppLimits {
  return {
    workerConcurrency: config.workerConcurrency,
    rateLimitMax: config.limits.rateLimitMax,
    rateLimitDurationMs: config.limits.rateLimitDurationMs,
    retentionDays: config.retentionDays,
  };
}

/** The config with each app-wide limit saved in Settings in place of its own. */
export function withAppLimits(config: EngineConfig, saved: AppLimitsInput): EngineConfig {
  return {
    ...config,
    workerConcurrency: saved.workerConcurrency ?? config.workerConcurrency,
    retentionDays: saved.retentionDays ?? config.retentionDays,
    limits: {
      ...config.limits,
      rateLimitMax: saved.rateLimitMax ?? config.limits.rateLimitMax,
      rateLimitDurationMs: saved.rateLimitDurationMs ?? config.limits.rateLimitDurationMs,
    },
  };
}
