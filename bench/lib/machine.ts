import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import { REPO_ROOT } from './service';

export interface MachineInfo {
  readonly os: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly totalMemoryMiB: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    os: `${platform()} ${release()}`,
    cores: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
  };
}

export function gitCommit(): { commit: string; uncommittedChanges: boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), uncommittedChanges: git('status', '--porcelain').length > 0 };
  } catch {
    return { commit: 'unknown', uncommittedChanges: false };
  }
}
