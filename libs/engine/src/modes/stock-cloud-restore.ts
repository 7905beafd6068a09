import { decode, type StreamParams } from '@freezer/codec';
import { isImageMode } from '@freezer/schema';
import type { BackupStorage } from '@freezer/storage';
import type { AgentOptions } from '../agent-options.js';
import { isoSeconds } from '../dates.js';
import type { RestoreReport } from '../engines/run-restore.js';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import { readPassphrase } from '../passphrase.js';
import { streamParamsOf, type BackupRecord } from '../repository/backup-record.js';
import { listChains, pointAt } from '../repository/catalog.js';
import { identityOf } from '../repository/layout.js';
import { restoreDump } from './restore-dump.js';
import { reportedPoint } from './stock-cloud-backup.js';
import {
  cloudDataPath,
  cloudEngineMetadataPath,
  cloudMetadataPath,
  lengthKey,
  listCloudPoints,
  listStockCinderPoints,
  type StockCloudEngine,
  type StockCloudPoint,
} from './stock-cloud-layout.js';

/** glance, nova and cinder points live in the stock agent's trees (older ones of ours in the tar engine's). */
export const isStockCloudRestore = (o: AgentOptions): boolean => isImageMode(o.modes.mode);

/** The image, instance or volume id the options select (a name is resolved to its id before). */
export const selectedResource = (o: AgentOptions): string | undefined =>
  ({ glance: o.modes.glanceImageId, nova: o.modes.novaInstId, cinder: o.modes.cinderVolId })[
    o.modes.mode as StockCloudEngine
  ];

const FORMATS = { glance: 'glance-image', nova: 'nova-instance', cinder: 'cinder-volume' } as const;
const GIB = 1024 ** 3;

type Json = Record<string, unknown>;

/** The stock writes one JSON object on the first line of metadata and engine_metadata. */
async function readJson(storage: BackupStorage, path: string, what: string): Promise<Json> {
  const text = new TextDecoder().decode(await storage.getObject(path)).split('\n')[0] ?? '';
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value as Json;
  } catch {
    // the line below says which object
  }
  throw new AgentError(`${what} ${path} is not a JSON object`);
}

/** The stock agent's image bytes are raw: no compression, no encryption of ours. */
const RAW: StreamParams = {
  codec_version: 1,
  layout: 'plain',
  compression: 'none',
  compression_level: null,
  encryption: 'none',
  segment_size: 33554432,
  block_size: null,
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * What our restorers need to recreate the image or instance, for a point the stock agent wrote
 * (ours carry it in data_source): Glance's image record as is, or our instance record from Nova's
 * server record (flavor id from engine_metadata's `flavour_id` when Nova's record has none).
 */
function stockSource(p: StockCloudPoint, meta: Json, engineMeta: Json, length: number): string {
  if (p.engine === 'glance') return JSON.stringify(meta.image ?? {});
  if (p.engine === 'cinder')
    return JSON.stringify({
      id: p.resource,
      name: str(engineMeta.volume_name),
      size: Math.max(1, Math.ceil(length / GIB)),
      ...(str(engineMeta.availability_zone) ? { availability_zone: engineMeta.availability_zone } : {}),
      volume_type: null,
      checksum: null,
    });
  const server = (meta.server ?? {}) as Json;
  const flavor = (server.flavor ?? {}) as Json;
  return JSON.stringify({
    id: str(server.id) ?? '',
    name: str(server.name) ?? str(engineMeta.server_name) ?? 'restored',
    flavor_id: str(flavor.id) ?? str(engineMeta.flavour_id),
    metadata: server.metadata ?? {},
    networks: Object.keys((server.addresses ?? {}) as Json),
    disk_format: 'raw',
    container_format: 'bare',
    checksum: null,
  });
}

/** `data` decoded, failing at its end unless exactly `length` bytes came (the stock's own check). */
async function* ofLength(data: AsyncIterable<Uint8Array>, length: number, where: string) {
  let got = 0;
  for await (const chunk of data) {
    got += chunk.length;
    yield chunk;
  }
  if (got !== length) throw new AgentError(`${where}: ${got} bytes stored, engine_metadata says ${length}`);
}

/** A point to restore; `recorded`: its metadata object exists (a cinder point of the stock has none). */
type Found = StockCloudPoint & { recorded: boolean };

async function restorePoint(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  p: Found,
): Promise<RestoreReport> {
  const where = `${p.identity}/${p.resource} ${p.level}_${p.timestamp}`;
  const meta = p.recorded ? await readJson(storage, cloudMetadataPath(p), 'metadata') : {};
  const engineMeta = await readJson(storage, cloudEngineMetadataPath(p), 'engine_metadata');
  const ours = meta as unknown as BackupRecord;
  // The stock's `encryption: true` means a tar of the agent's directory appended after the bytes.
  if (!ours.stream && meta.encryption === true)
    throw new AgentError(
      `${where}: an encrypted backup of the stock agent's ${p.engine} engine is not readable`,
    );
  const params = ours.stream ? streamParamsOf(ours, where) : RAW;
  const passphrase = await readPassphrase(o.encryptPassFile);
  if (params.encryption !== 'none' && !passphrase)
    throw new AgentError(`level ${p.level}_${p.timestamp} is encrypted: give --encrypt-pass-file`);
  const length = Number(engineMeta[lengthKey(p.engine)]);
  if (!Number.isSafeInteger(length) || length < 0)
    throw new AgentError(`${where}: engine_metadata has no valid length`);
  const record: BackupRecord = {
    engine_name: p.engine,
    compression: 'none',
    encryption: params.encryption !== 'none',
    mode: p.engine,
    data_format: FORMATS[p.engine],
    data_source: ours.data_source ?? stockSource(p, meta, engineMeta, length),
  };
  const by = ours.format_version ? 'ours' : 'made by the stock agent';
  log.info(`restore ${where} (${p.engine}, ${by})`);
  let storageBytesRead = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of storage.getSegmented(cloudDataPath(p))) {
      storageBytesRead += chunk.length;
      yield chunk;
    }
  }
  const open = () => ofLength(decode(counted(), params, passphrase), length, where);
  const done = o.dryRun ? undefined : await restoreDump(o, record, open, log);
  return {
    points: [reportedPoint(p)],
    bytesRestored: done?.bytesRestored ?? 0,
    files: done?.files ?? 0,
    storageBytesRead,
    storedBytes: ours.bytes_stored ?? length,
  };
}

/**
 * Restore of --mode glance / nova: the newest point (at or before --restore-from-date) of the stock
 * tree — of --glance-image-id / --nova-inst-id when given, else of any image or instance under the
 * backup name — or, when newer, one we wrote before in the tar engine's tree (`older`).
 */
export async function restoreCloudPoint(
  o: AgentOptions,
  storage: BackupStorage,
  log: Logger,
  older: (o: AgentOptions) => Promise<RestoreReport>,
): Promise<RestoreReport> {
  const engine = o.modes.mode as StockCloudEngine;
  const identity = identityOf(o.hostname, o.backupName as string);
  const resource = selectedResource(o);
  const date = o.restoreFromDate;
  const mine: Found[] = (await listCloudPoints(storage, engine, identity, resource)).map((p) => ({
    ...p,
    recorded: true,
  }));
  // The stock's cinder backups carry no name: they are found by the volume, and only with it.
  const theirs: Found[] =
    engine === 'cinder' && resource
      ? (await listStockCinderPoints(storage, identity, resource))
          .filter((p) => !mine.some((m) => m.timestamp === p.timestamp))
          .map((p) => ({ ...p, recorded: false }))
      : [];
  const found = [...mine, ...theirs]
    .sort((a, b) => b.timestamp - a.timestamp)
    .find((p) => date === undefined || p.timestamp <= date);
  const legacy = pointAt(await listChains(storage, identity), date)?.point;
  if (legacy && (!found || legacy.timestamp > found.timestamp)) return older(o);
  if (!found) {
    const of = resource ? ` of ${resource}` : '';
    const when = date !== undefined ? ` at or before ${isoSeconds(date)}` : '';
    throw new AgentError(`no ${engine} backup ${identity}${of}${when} in ${storage.name}`);
  }
  return restorePoint(o, storage, log, found);
}
