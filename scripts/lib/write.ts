// The only place that writes outputs. Every file is written beside its target
// under a temporary name and renamed over it, so a build that fails or is
// killed never leaves a half-written book in dist/ nor loses the last good one.

import { randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { onInterrupt, removeOnInterrupt } from './cleanup.ts';

function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.paiban-tmp-${process.pid}-${randomBytes(4).toString('hex')}-${path.basename(target)}`);
}

/** A file-system error about a temporary name is about the output the user asked for. */
function namingTarget(error: unknown, target: string): unknown {
  if (error instanceof Error && 'path' in error) (error as NodeJS.ErrnoException).path = target;
  return error;
}

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const temporary = temporaryName(target);
  const done = removeOnInterrupt(temporary);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temporary, data);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw namingTarget(error, target);
  } finally {
    done();
  }
}

/** A folder's content: relative path → bytes, or `{ copyFrom }` for a file to copy. */
export type FolderContent = Record<string, Uint8Array | string | { copyFrom: string }>;

/** Write a whole folder, then swap it in for the old one. */
export async function writeFolderAtomic(target: string, files: FolderContent): Promise<void> {
  const temporary = temporaryName(target);
  const previous = temporaryName(`${target}-old`);
  let movedAside = false;
  // Stopped between the two renames, the old folder goes back where it was.
  const done = onInterrupt(() => {
    if (movedAside && !existsSync(target)) renameSync(previous, target);
  });
  const scratch = removeOnInterrupt(temporary);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(temporary, name);
      await mkdir(path.dirname(file), { recursive: true });
      if (typeof content === 'object' && 'copyFrom' in content) await copyFile(content.copyFrom, file);
      else await writeFile(file, content);
    }
    // Two renames: a folder cannot be renamed over a non-empty one.
    try {
      await rename(target, previous);
      movedAside = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(temporary, target);
  } catch (error) {
    if (movedAside) await rename(previous, target).catch(() => undefined);
    await rm(temporary, { recursive: true, force: true });
    throw namingTarget(error, target);
  } finally {
    scratch();
    done();
  }
  await rm(previous, { recursive: true, force: true });
}
