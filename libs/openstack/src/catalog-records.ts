/** What registers the API in a cloud's catalog: the stock Freezer's service type and name. */
export const BACKUP_SERVICE = { type: 'backup', name: 'freezer', description: 'Backup Service' } as const;

export interface CatalogRecordsInput {
  /** The URL clients reach the API at (no trailing slash). */
  publicUrl: string;
  internalUrl?: string;
  adminUrl?: string;
  region: string;
}

/** The service and its three endpoints, as JSON records and as `openstack` CLI commands. */
export function catalogRecords(input: CatalogRecordsInput): {
  service: typeof BACKUP_SERVICE;
  endpoints: { interface: string; url: string; region: string }[];
  commands: string[];
} {
  const endpoints = [
    { interface: 'public', url: input.publicUrl, region: input.region },
    { interface: 'internal', url: input.internalUrl ?? input.publicUrl, region: input.region },
    { interface: 'admin', url: input.adminUrl ?? input.publicUrl, region: input.region },
  ];
  const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const commands = [
    `openstack service create --name ${BACKUP_SERVICE.name} --description ${q(BACKUP_SERVICE.description)} ${BACKUP_SERVICE.type}`,
    ...endpoints.map(
      (e) =>
        `openstack endpoint create --region ${q(e.region)} ${BACKUP_SERVICE.type} ${e.interface} ${q(e.url)}`,
    ),
  ];
  return { service: BACKUP_SERVICE, endpoints, commands };
}
