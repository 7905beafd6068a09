import { open } from 'node:fs/promises';
import {
  appliesTo,
  applyProgram,
  composePrograms,
  ContentDigest,
  fileBlockSource,
  randomBase,
  readDeltaProgram,
  StreamedBase,
  type DeltaProgram,
  type LiteralSpool,
} from '@freezer/delta';
import { AgentError } from '../../errors.js';
import { KIND_WHOLE, type DataRecord } from './data-format.js';
import { writeFileAtomically } from './file-writer.js';
import type { NeededRecord } from './restore-plan.js';
import { under } from './safe-path.js';

export interface RebuildContext {
  target: string;
  spool: LiteralSpool;
  onBytes: (n: number) => void;
  /** The restore directory was empty: a file without deltas is written at its final path directly. */
  inPlace: boolean;
}

/**
 * Takes one needed record of a level. Levels come newest first, so a file's deltas arrive before its
 * full copy: each delta is parked (ops in memory, literal bytes in the spool); at the full copy they
 * are composed into one program and the file is written once, with one content digest check. Returns
 * the bytes written at the final path (0 for a delta).
 */
export async function takeRecord(
  ctx: RebuildContext,
  record: DataRecord,
  needed: NeededRecord,
): Promise<number> {
  const { file, step } = needed;
  const path = file.entry.path;
  const isFull = step === 0;
  if ((record.kind === KIND_WHOLE) !== isFull)
    throw new AgentError(
      `"${path.toString()}": the data holds a ${record.kind === KIND_WHOLE ? 'full copy' : 'delta'} where its history needs the other`,
    );
  try {
    if (!isFull) {
      file.programs[step] = await readDeltaProgram(record.payload, ctx.spool);
      return 0;
    }
    return await writeFile(
      ctx,
      record,
      under(ctx.target, path),
      composed(file.programs, (file.entry.history ?? []).length),
    );
  } catch (err) {
    throw new AgentError(`"${path.toString()}": ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The file's deltas (steps 1…count-1) as one program against its full copy; undefined when none. */
function composed(programs: (DeltaProgram | undefined)[], count: number): DeltaProgram | undefined {
  let result: DeltaProgram | undefined;
  for (let step = count - 1; step >= 1; step--) {
    const program = programs[step];
    if (!program) throw new AgentError(`the delta of history step ${step} was not found`);
    result = result ? composePrograms(result, program) : program;
    // Parked ops are no longer needed once folded in.
    programs[step] = undefined;
  }
  return result;
}

async function writeFile(
  ctx: RebuildContext,
  record: DataRecord,
  finalPath: Buffer,
  program: DeltaProgram | undefined,
): Promise<number> {
  if (!program) {
    // No deltas: the full copy is the file, checked against its own digest.
    return writeFileAtomically(finalPath, fullCopy(record, undefined), ctx.onBytes, ctx.inPlace);
  }
  if (program.segments.copiesInOrder()) {
    // One pass: the full copy streams by and only the ranges the final version uses are written.
    const base = new StreamedBase(record.payload);
    async function* content(): AsyncGenerator<Uint8Array> {
      yield* applyProgram(program as DeltaProgram, base, ctx.spool);
      checkChain(record, program as DeltaProgram, await base.drain());
    }
    return writeFileAtomically(finalPath, content(), ctx.onBytes);
  }
  // Copies out of order (moved or repeated blocks): the full copy goes to disk first, then the final
  // version is built from it by random access: two writes, whatever the number of deltas.
  await writeFileAtomically(finalPath, fullCopy(record, program), () => undefined);
  const handle = await open(finalPath, 'r');
  try {
    const base = randomBase(await fileBlockSource(handle));
    return await writeFileAtomically(finalPath, applyProgram(program, base, ctx.spool), ctx.onBytes);
  } finally {
    await handle.close();
  }
}

/**
 * A full copy's bytes, checked at the end (before the writer commits the file): against its own
 * content digest when it is the final version, else only that `program` was made against it (the
 * content is then checked by the final version's digest; hashing it too would cost a pass for nothing).
 */
async function* fullCopy(record: DataRecord, program: DeltaProgram | undefined): AsyncGenerator<Uint8Array> {
  const digest = program ? undefined : new ContentDigest(record.digestBlockSize);
  let size = 0;
  for await (const chunk of record.payload) {
    digest?.update(chunk);
    size += chunk.length;
    yield chunk;
  }
  if (program) checkChain(record, program, size);
  else if (record.trailer?.size !== size || !record.trailer.digest.equals((digest as ContentDigest).digest()))
    throw new AgentError('the restored copy does not match its digest');
}

/** The deltas start from this very full copy (its size and digest as the backup recorded them). */
function checkChain(record: DataRecord, program: DeltaProgram, size: number): void {
  const trailer = record.trailer;
  if (trailer?.size !== size || !appliesTo(program, size, trailer.digest))
    throw new AgentError('the deltas were made against another version than the full copy stored');
}
