import { AgentError } from '../../errors.js';
import type { TarMember } from './tar-scanner.js';

/**
 * Refuses any archive member that could write outside the restore directory: absolute names, '..'
 * components, hard links pointing outside, and members below a symlink restored earlier (in this or a
 * previous level). GNU tar has its own checks; this one runs first, before tar sees the header.
 */
export class PathGuard {
  private readonly symlinks = new Set<string>();

  check(member: TarMember): void {
    const name = normalize(member.name);
    if (unsafe(member.name))
      throw new AgentError(
        `refusing archive member "${member.name}": it points outside the restore directory`,
      );
    if (member.type === '1' && unsafe(member.linkName)) {
      throw new AgentError(
        `refusing hard link "${member.name}" -> "${member.linkName}": it points outside the restore directory`,
      );
    }
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (this.symlinks.has(parent))
        throw new AgentError(
          `refusing archive member "${member.name}": it goes through the symlink "${parent}"`,
        );
    }
    if (member.type === '2') this.symlinks.add(name);
    else this.symlinks.delete(name);
  }
}

function normalize(name: string): string {
  return name
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

function unsafe(name: string): boolean {
  return name.startsWith('/') || name.split('/').includes('..');
}
