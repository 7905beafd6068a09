import { useId } from 'react';
import { CheckField } from '../../../components/check-field';
import { Field } from '../../../components/field';
import { RadioChoice } from '../../../components/radio-choice';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import {
  ACTIONS,
  BOOL_KEYS,
  COMPRESSIONS,
  ENCRYPTION_FORMATS,
  ENGINES,
  MODES,
  STORAGES,
  STORAGE_KEYS,
  visibleKeys,
  type ActionErrors,
  type ActionForm,
} from '../api/action-form';
import {
  cloudSourceOf,
  effectiveSource,
  SOURCE_LABELS,
  sourceChoices,
  storesRawImage,
} from '../api/cloud-source';
import { RETENTION_KEEP_KEYS } from '../api/retention-keys';
import { RetentionPreviewPanel } from './retention-preview';

const LABELS: Record<string, string> = {
  backup_name: 'Backup name',
  container: 'Container',
  path_to_backup: 'Path to backup',
  restore_abs_path: 'Restore to path',
  restore_from_date: 'Restore from date',
  remove_from_date: 'Remove from date',
  remove_older_than: 'Remove older than (days)',
  keep_last: 'Keep last (points)',
  keep_daily: 'Keep daily (days)',
  keep_weekly: 'Keep weekly (weeks)',
  keep_monthly: 'Keep monthly (months)',
  keep_yearly: 'Keep yearly (years)',
  command: 'Command',
  encrypt_pass_file: 'Encryption key file',
  mysql_conf: 'MySQL connection file',
  postgres_conf: 'PostgreSQL connection file',
  glance_image_id: 'Glance image id',
  glance_image_name: 'Glance image name',
  glance_image_name_filter: 'Leave out names containing',
  cinder_vol_id: 'Cinder volume id',
  cinder_vol_name: 'Cinder volume name',
  nova_inst_id: 'Nova instance id',
  nova_inst_name: 'Nova instance name',
  project_id: 'Project id',
  cindernative_vol_id: 'Cinder volume id',
  cindernative_backup_id: 'Cinder backup id',
  fullbackup_rotation: 'Full backups to keep',
  incremental: 'Incremental (when the volume has a backup)',
  exclude: 'Exclude pattern',
  ssh_host: 'SSH host',
  ssh_username: 'SSH user',
  ssh_key: 'SSH key file',
  ssh_port: 'SSH port',
  endpoint: 'S3 endpoint',
  access_key: 'S3 access key',
  secret_key: 'S3 secret key',
  log_file: 'Log file',
  hostname: 'Hostname override',
  max_level: 'Max level',
  always_level: 'Always level',
  timeout: 'Timeout (s)',
  upload_limit: 'Upload limit (bytes/s)',
  download_limit: 'Download limit (bytes/s)',
  max_segment_size: 'Segment size (bytes)',
  no_incremental: 'Full backups only (no incremental)',
  overwrite: 'Overwrite existing files',
  consistency_check: 'Consistency check',
  dry_run: 'Dry run',
  drill_probe: 'Probe command',
  drill_root: 'Sandbox directory',
};

const HINTS: Partial<Record<string, string>> = {
  container: 'Folder (local/ssh), bucket/path (s3) or Swift container.',
  restore_from_date: 'Newest backup at or before YYYY-MM-DDTHH:MM:SS.',
  drill_probe: 'Run against the restored copy; its path is in $FREEZER_DRILL_SANDBOX.',
  drill_root: 'Where the throw-away restore goes (default: the node’s temp directory).',
  max_level: 'Start a new full backup after this many incrementals.',
  keep_daily: 'The newest point of each of the last N days that have backups.',
  mysql_conf: 'INI file on the client: host, port, user, password, db.',
  postgres_conf: 'INI file on the client: host, port, user, password, db.',
  glance_image_id: "The image to back up; the agent's OS_* variables name the cloud.",
  cinder_vol_id: "An available volume; the agent's OS_* variables name the cloud.",
  nova_inst_id: "An ACTIVE or SHUTOFF instance; the agent's OS_* variables name the cloud.",
  glance_image_name: 'Exactly one image of the project must have this name.',
  cinder_vol_name: 'Exactly one volume of the project must have this name.',
  nova_inst_name: 'Exactly one instance of the project must have this name.',
  glance_image_name_filter: 'Optional: images whose name contains this text are not backed up.',
  cindernative_vol_id:
    "Cinder's own backup API keeps the backups; the agent's OS_* variables name the cloud.",
  cindernative_backup_id: "Default: the volume's newest available backup. Restored into a new volume.",
  fullbackup_rotation: 'Keeps the newest N full backups and the incrementals made on them.',
};

const ENGINE_LABELS: Partial<Record<string, string>> = {
  tar: 'tar: changed files',
  rsync: 'rsync: changed blocks (large files)',
};

const ENCRYPTION_LABELS: Partial<Record<string, string>> = {
  'aes-256-gcm': 'aes-256-gcm (authenticated)',
  openssl: 'openssl (readable by the stock agent)',
};

const GROUPS: { legend: string; keys: string[] }[] = [
  {
    legend: 'What',
    keys: [
      'backup_name',
      'path_to_backup',
      'mysql_conf',
      'postgres_conf',
      'glance_image_id',
      'glance_image_name',
      'cinder_vol_id',
      'cinder_vol_name',
      'nova_inst_id',
      'nova_inst_name',
      'project_id',
      'glance_image_name_filter',
      'cindernative_vol_id',
      'cindernative_backup_id',
      'restore_abs_path',
      'restore_from_date',
      'command',
      'drill_probe',
    ],
  },
  {
    legend: 'Storage',
    keys: [...STORAGE_KEYS],
  },
  {
    legend: 'Options',
    keys: [
      'encrypt_pass_file',
      'exclude',
      'max_level',
      'always_level',
      'remove_older_than',
      'drill_root',
      'remove_from_date',
      'fullbackup_rotation',
      ...RETENTION_KEEP_KEYS,
      'upload_limit',
      'download_limit',
      'max_segment_size',
      'timeout',
      'log_file',
      'hostname',
    ],
  },
];

/** The project id is the whole source for one way, and only the login's project for the others. */
function hintOf(k: string, value: ActionForm): string | undefined {
  if (k !== 'project_id') return HINTS[k];
  const noun = cloudSourceOf(value.mode)?.what.split(' ')[1] ?? 'object';
  if (effectiveSource(value.mode, value.action, value.source) !== 'project')
    return 'Optional: the project the agent logs in to (default: its OS_PROJECT_NAME).';
  return value.action === 'backup'
    ? `Every ${noun} of this project, each backed up as <backup name>_<${noun} id>.`
    : `Every ${noun} the project's backup listed, each from <backup name>_<${noun} id>.`;
}

interface ActionEditorProps {
  value: ActionForm;
  onChange: (next: ActionForm) => void;
  errors?: ActionErrors;
}

/** The full agent-options editor, shared by the job wizard and the Actions page. */
export function ActionEditor({ value, onChange, errors = {} }: ActionEditorProps) {
  const visible = visibleKeys(value);
  const radios = useId();
  const ways = sourceChoices(value.mode, value.action);
  // Cinder keeps cindernative backups: no storage, compression, encryption or engine to choose.
  const stored = value.mode !== 'cindernative';
  // Glance, Cinder and Nova images are stored raw in the engine of their own name, as the stock agent's.
  const codecChoices = stored && !storesRawImage(value.mode);
  const setText = (k: string, v: string) => onChange({ ...value, text: { ...value.text, [k]: v } });
  const select = (
    label: string,
    current: string,
    options: readonly string[],
    set: (v: string) => void,
    err?: string,
  ) => <SelectField label={label} error={err} value={current} options={options} keepUnknown onChange={set} />;
  return (
    <div className="action-editor">
      <div className="form-grid">
        {select('Action', value.action, ACTIONS, (v) => onChange({ ...value, action: v }), errors.action)}
        {value.action !== 'exec'
          ? select('Mode', value.mode, MODES, (v) => onChange({ ...value, mode: v }))
          : null}
        {value.action !== 'exec' && stored
          ? select('Storage', value.storage, STORAGES, (v) => onChange({ ...value, storage: v }))
          : null}
        {value.action === 'backup' && codecChoices
          ? select(
              'Compression',
              value.compression,
              COMPRESSIONS,
              (v) => onChange({ ...value, compression: v }),
              errors.compression,
            )
          : null}
        {value.action === 'backup' && stored ? (
          <Field label="Encryption format" error={errors.encryption}>
            {(p) => (
              <select
                {...p}
                value={value.encryption}
                onChange={(e) => onChange({ ...value, encryption: e.target.value })}
              >
                <option value="">default ({ENCRYPTION_FORMATS[0]} with a key file)</option>
                {value.encryption && !(ENCRYPTION_FORMATS as readonly string[]).includes(value.encryption) ? (
                  <option value={value.encryption}>{value.encryption}</option>
                ) : null}
                {ENCRYPTION_FORMATS.map((o) => (
                  <option key={o} value={o}>
                    {ENCRYPTION_LABELS[o] ?? o}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {(value.action === 'backup' || value.action === 'restore') && codecChoices ? (
          <Field label="Engine">
            {(p) => (
              <select
                {...p}
                value={value.engine}
                onChange={(e) => onChange({ ...value, engine: e.target.value })}
              >
                <option value="">
                  {value.action === 'backup' ? 'default (tar)' : 'any (newest backup)'}
                </option>
                {value.engine && !(ENGINES as readonly string[]).includes(value.engine) ? (
                  <option value={value.engine}>{value.engine}</option>
                ) : null}
                {ENGINES.map((o) => (
                  <option key={o} value={o}>
                    {ENGINE_LABELS[o] ?? o}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {ways.length ? (
        <RadioChoice
          legend={`Which ${cloudSourceOf(value.mode)?.what ?? 'source'}`}
          name={`${radios}-source`}
          value={effectiveSource(value.mode, value.action, value.source) ?? 'any'}
          options={ways.map((w) => ({ value: w, label: SOURCE_LABELS[w] }))}
          onChange={(source) => onChange({ ...value, source })}
        />
      ) : null}
      {GROUPS.map((g) => {
        const keys = g.keys.filter((k) => visible.has(k));

        if (keys.length === 0) return null;
        return (
          <fieldset key={g.legend}>
            <legend>{g.legend}</legend>
            <div className="form-grid">
              {keys.map((k) => (
                <Field
                  key={k}
                  label={LABELS[k] ?? k}
                  error={errors[k]}
                  {...(hintOf(k, value) ? { hint: hintOf(k, value) } : {})}
                >
                  {(p) => (
                    <input
                      {...p}
                      type={k === 'secret_key' ? 'password' : 'text'}
                      value={value.text[k as keyof ActionForm['text']] ?? ''}
                      onChange={(e) => setText(k, e.target.value)}
                    />
                  )}
                </Field>
              ))}
            </div>
          </fieldset>
        );
      })}
      {value.action === 'admin' && value.mode !== 'cindernative' ? (
        <RetentionPreviewPanel form={value} />
      ) : null}
      <fieldset>
        <legend>Execution</legend>
        <div className="form-grid">
          <TextField
            label="Max retries"
            error={errors.maxRetries}
            inputMode="numeric"
            value={value.maxRetries}
            onChange={(maxRetries) => onChange({ ...value, maxRetries })}
          />
          <TextField
            label="Retry interval (s)"
            error={errors.maxRetriesInterval}
            inputMode="numeric"
            value={value.maxRetriesInterval}
            onChange={(maxRetriesInterval) => onChange({ ...value, maxRetriesInterval })}
          />
          <CheckField checked={value.mandatory} onChange={(mandatory) => onChange({ ...value, mandatory })}>
            Mandatory (stop the job if it fails)
          </CheckField>
          {BOOL_KEYS.filter((k) => visible.has(k)).map((k) => (
            <CheckField
              key={k}
              checked={value.flags[k] ?? false}
              onChange={(on) => onChange({ ...value, flags: { ...value.flags, [k]: on } })}
            >
              {LABELS[k]}
            </CheckField>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
