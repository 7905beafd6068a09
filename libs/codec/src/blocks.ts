export interface Block {
  data: Buffer;
  /** True for the last block only (it may be empty). */
  final: boolean;
}

/**
 * Regroup input chunks into blocks of exactly `blockSize` bytes. Full blocks are never final; the end of
 * input always produces one final block holding the remainder (possibly empty), so the consumer can mark
 * the end without looking ahead. Input bytes are copied: producers may reuse their buffers.
 */
export async function* toBlocks(
  input: AsyncIterable<Uint8Array>,
  blockSize: number,
  counter: { bytes: number },
): AsyncGenerator<Block> {
  let block = Buffer.allocUnsafe(blockSize);
  let filled = 0;
  for await (const chunk of input) {
    counter.bytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const part = Math.min(blockSize - filled, chunk.length - offset);
      block.set(chunk.subarray(offset, offset + part), filled);
      filled += part;
      offset += part;
      if (filled === blockSize) {
        yield { data: block, final: false };
        block = Buffer.allocUnsafe(blockSize);
        filled = 0;
      }
    }
  }
  yield { data: block.subarray(0, filled), final: true };
}
