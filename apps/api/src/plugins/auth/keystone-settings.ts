import { KeystoneTokenValidator, passwordAuth } from '@freezer/openstack';
import type { KeystoneConfig } from '../../config.js';
import type { KeystoneAuth } from './settings.js';

/** The API's Keystone wiring from its options: one validator (and its cache) per process. */
export function keystoneAuth(c: KeystoneConfig): KeystoneAuth {
  const validator = new KeystoneTokenValidator({
    service: {
      authUrl: c.authUrl,
      username: c.user,
      password: c.password,
      projectName: c.project,
      userDomainName: c.domain,
      projectDomainName: c.domain,
    },
    cacheSeconds: c.cacheSeconds,
  });
  return {
    validate: (token) => validator.validate(token),
    login: async (username, password) => {
      const issued = await passwordAuth({ authUrl: c.authUrl, username, password, userDomainName: c.domain });
      return { token: issued.token, body: issued.body };
    },
    localUsers: c.localUsers,
  };
}
