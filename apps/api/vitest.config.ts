import { configDefaults, defineProject } from 'vitest/config';

// test/openstack needs the real cloud: the root config's `openstack` project runs it.
export default defineProject({
  test: { name: '@freezer/api', exclude: [...configDefaults.exclude, 'test/openstack/**'] },
});
