/** How to reach one storage. `container` is always the root every object path is relative to. */
export type StorageConfig = LocalConfig | SshConfig | S3Config | SwiftConfig;

export interface LocalConfig {
  type: 'local';
  /** Folder on a mounted file system. */
  container: string;
}

export interface SshConfig {
  type: 'ssh';
  /** Folder on the remote host (absolute, or relative to the login directory). */
  container: string;
  host: string;
  port?: number;
  username: string;
  /** Private key file; default ~/.ssh/id_ed25519 or ~/.ssh/id_rsa, whichever exists. */
  keyPath?: string;
  /** Default ~/.ssh/known_hosts. Plain and hashed (`|1|salt|hash`) entries are understood. */
  knownHostsPath?: string;
  /** Explicit opt-out of host key verification (the stock agent's behaviour). */
  acceptUnknownHostKey?: boolean;
}

export interface S3Config {
  type: 's3';
  /** `bucket` or `bucket/prefix`. */
  container: string;
  /** e.g. http://127.0.0.1:8080; default AWS. Env fallback AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Env fallback AWS_ACCESS_KEY_ID (or ACCESS_KEY as in the seed). */
  accessKey?: string;
  /** Env fallback AWS_SECRET_ACCESS_KEY (or SECRET_KEY). */
  secretKey?: string;
  /** Env fallback AWS_DEFAULT_REGION / AWS_REGION, else us-east-1. */
  region?: string;
  /** Path-style addressing (http://host/bucket/key). Default true when an endpoint is given. */
  forcePathStyle?: boolean;
}

export interface SwiftConfig {
  type: 'swift';
  /** Container name; `freezer_` is prefixed when missing (seed rule). */
  container: string;
  /** v1 (tempauth, ST_AUTH) or v3 (Keystone, OS_AUTH_URL). Inferred from the URL / env when absent. */
  authVersion?: '1' | '3';
  /** ST_AUTH for v1, OS_AUTH_URL for v3. */
  authUrl?: string;
  /** ST_USER (account:user) for v1, OS_USERNAME for v3. */
  username?: string;
  /** ST_KEY for v1, OS_PASSWORD for v3. */
  password?: string;
  projectName?: string;
  projectId?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  regionName?: string;
  /** publicURL | internalURL | adminURL (or public/internal/admin). Default public. */
  endpointType?: string;
  /** A shell file of `export OS_...=` lines (seed: `osrc` in `[storage:NAME]` sections). */
  osrc?: string;
}

export interface TransferLimits {
  uploadBytesPerSec?: number;
  downloadBytesPerSec?: number;
}
