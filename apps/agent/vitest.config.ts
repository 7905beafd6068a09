import { configDefaults, defineProject } from 'vitest/config';

// test/openstack needs the real cloud: the root config's `openstack` project runs it.
export default defineProject({
  test: {
    name: '@freezer/agent',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    exclude: [...configDefaults.exclude, 'test/openstack/**'],
  },
});
