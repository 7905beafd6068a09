import { DelegatingStorage } from '@freezer/storage';

/** Counts every byte read from a storage, so a restore can report how much of a backup it fetched. */
export class CountingStorage extends DelegatingStorage {
  bytesRead = 0;

  override async getObject(path: string): Promise<Uint8Array> {
    const data = await this.inner.getObject(path);
    this.bytesRead += data.byteLength;
    return data;
  }

  override async *getSegmented(path: string): AsyncIterable<Uint8Array> {
    for await (const chunk of this.inner.getSegmented(path)) {
      this.bytesRead += chunk.byteLength;
      yield chunk;
    }
  }

  override async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    const data = await this.inner.readRange(path, start, end);
    this.bytesRead += data.byteLength;
    return data;
  }
}
