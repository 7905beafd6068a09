import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  AGENT_ENGINES,
  AGENT_MODES,
  AGENT_STORAGES,
  AgentBackupMetadata,
  BACKUP_ENCRYPTIONS,
  CLI_ONLY,
  CLOUD_SOURCE_KEYS,
  CLOUD_SOURCES,
  COMPRESSIONS,
  DASHBOARD_CHOICES,
  FreezerAction,
  IMAGE_MODES,
  isCloudMode,
  isImageMode,
  JobSchedule,
  STOCK_ENGINES,
  STOCK_MODES,
  WIRE_STORAGES,
} from '../src/index.js';

const accepts = (fa: Record<string, unknown>) => FreezerAction.safeParse(fa).success;

describe('vocabulary', () => {
  it('the wire accepts every choice of our agent, and the stock names besides', () => {
    for (const action of ACTIONS) expect(accepts({ action })).toBe(true);
    for (const mode of [...AGENT_MODES, ...STOCK_MODES]) expect(accepts({ mode })).toBe(true);
    for (const storage of WIRE_STORAGES) expect(accepts({ storage })).toBe(true);
    expect(WIRE_STORAGES).toEqual(expect.arrayContaining([...AGENT_STORAGES]));
    for (const engine_name of [...AGENT_ENGINES, ...STOCK_ENGINES])
      expect(accepts({ engine_name })).toBe(true);
    for (const compression of COMPRESSIONS) expect(accepts({ compression })).toBe(true);
    for (const encryption of BACKUP_ENCRYPTIONS)
      expect(AgentBackupMetadata.safeParse({ encryption }).success).toBe(true);
  });

  it('refuses storages nobody knows', () => {
    expect(accepts({ storage: 'floppy' })).toBe(false);
  });

  it('the dashboard offers every agent choice except the CLI-only ones', () => {
    expect(DASHBOARD_CHOICES.storages).not.toContain('multiple');
    expect([...DASHBOARD_CHOICES.storages, ...CLI_ONLY.storages].sort()).toEqual([...AGENT_STORAGES].sort());
    expect([...DASHBOARD_CHOICES.modes, ...CLI_ONLY.modes].sort()).toEqual([...AGENT_MODES].sort());
    expect([...DASHBOARD_CHOICES.engines, ...CLI_ONLY.engines].sort()).toEqual([...AGENT_ENGINES].sort());
  });

  it('schedule_timezone must be a zone the runtime knows', () => {
    expect(JobSchedule.safeParse({ schedule_timezone: 'Asia/Tokyo' }).success).toBe(true);
    expect(JobSchedule.safeParse({ schedule_timezone: 'UTC' }).success).toBe(true);
    expect(JobSchedule.safeParse({ schedule_timezone: 'Nowhere/City' }).success).toBe(false);
    expect(JobSchedule.safeParse({ schedule_timezone: '' }).success).toBe(false);
  });
});

describe('cloud sources', () => {
  it('names every source by a freezer_action field the wire schema declares', () => {
    const declared = Object.keys(FreezerAction.shape);
    for (const key of CLOUD_SOURCE_KEYS) expect(declared).toContain(key);
    expect(CLOUD_SOURCE_KEYS).toEqual(expect.arrayContaining(['glance_image_name_filter', 'project_id']));
  });

  it('covers exactly the image-based cloud modes, all of them cloud modes', () => {
    expect(Object.keys(CLOUD_SOURCES).sort()).toEqual([...IMAGE_MODES].sort());
    for (const mode of IMAGE_MODES) expect(isCloudMode(mode)).toBe(true);
    expect(isImageMode('cindernative')).toBe(false);
  });
});
