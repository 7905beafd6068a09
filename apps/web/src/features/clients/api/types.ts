export interface ClientInfo {
  client_id: string;
  hostname?: string | null;
  description?: string | null;
  uuid?: string;
  last_seen?: number | string | null;
  version?: string | null;
  supported_storages?: string[] | null;
  [key: string]: unknown;
}

export interface ClientDoc {
  project_id?: string;
  user_id?: string;
  client: ClientInfo;
}
