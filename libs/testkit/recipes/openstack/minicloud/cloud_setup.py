#!/usr/bin/python3
"""Idempotent set-up of the mini cloud through the real REST APIs.

    cloud_setup.py identity   # after `keystone-manage bootstrap`
    cloud_setup.py flavors    # once nova-api answers

Reads its settings from the environment (cloud-up.sh exports them):
CLOUD_KEYSTONE_URL, CLOUD_ADMIN_PASSWORD, CLOUD_DEMO_PASSWORD,
CLOUD_SERVICE_PASSWORD, CLOUD_REGION, CLOUD_ENDPOINTS (lines of
"type name url"). One Python process instead of ~40 `openstack` CLI calls
(each ~1.5 s here). TEST-ONLY.
"""
import json
import os
import sys

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

E = os.environ
KS = E.get('CLOUD_KEYSTONE_URL', 'http://127.0.0.1:5000/v3')
REGION = E.get('CLOUD_REGION', 'RegionOne')


def admin_session():
    auth = v3.Password(auth_url=KS, username='admin', password=E['CLOUD_ADMIN_PASSWORD'],
                       project_name='admin', user_domain_id='default', project_domain_id='default')
    return ks_session.Session(auth=auth)


class Identity:
    def __init__(self, s):
        self.s = s

    def _get(self, path, key, **params):
        r = self.s.get(KS + path, params=params)
        return r.json()[key]

    def _post(self, path, key, body):
        return self.s.post(KS + path, json={key: body}).json()[key]

    def find_or_create(self, coll, key, name, body, **filters):
        found = self._get('/' + coll, coll, name=name, **filters)
        if found:
            return found[0]
        b = dict(body)
        b['name'] = name
        return self._post('/' + coll, key, b)

    def grant(self, project, user, role):
        self.s.put(KS + '/projects/%s/users/%s/roles/%s' % (project['id'], user['id'], role['id']))

    def run(self):
        dom = 'default'
        role = {n: self.find_or_create('roles', 'role', n, {}) for n in
                ('admin', 'member', 'reader', 'service')}
        service_p = self.find_or_create('projects', 'project', 'service',
                                        {'domain_id': dom, 'description': 'service users'},
                                        domain_id=dom)
        demo_p = self.find_or_create('projects', 'project', 'demo',
                                     {'domain_id': dom, 'description': 'demo tenant'},
                                     domain_id=dom)
        admin_p = self._get('/projects', 'projects', name='admin', domain_id=dom)[0]
        admin_u = self._get('/users', 'users', name='admin', domain_id=dom)[0]
        self.grant(demo_p, admin_u, role['admin'])
        demo_u = self.find_or_create('users', 'user', 'demo',
                                     {'domain_id': dom, 'password': E['CLOUD_DEMO_PASSWORD'],
                                      'default_project_id': demo_p['id'], 'enabled': True},
                                     domain_id=dom)
        self.grant(demo_p, demo_u, role['member'])
        self.grant(demo_p, demo_u, role['reader'])
        # A second tenant: tests prove one project's token never reaches another's data.
        alt_p = self.find_or_create('projects', 'project', 'alt',
                                    {'domain_id': dom, 'description': 'second tenant'},
                                    domain_id=dom)
        alt_u = self.find_or_create('users', 'user', 'alt',
                                    {'domain_id': dom, 'password': E['CLOUD_DEMO_PASSWORD'],
                                     'default_project_id': alt_p['id'], 'enabled': True},
                                    domain_id=dom)
        self.grant(alt_p, alt_u, role['member'])
        # freezer validates users' tokens with its own service user; swift is the object store's.
        for svc in ('glance', 'placement', 'nova', 'cinder', 'neutron', 'freezer', 'swift'):
            u = self.find_or_create('users', 'user', svc,
                                    {'domain_id': dom, 'password': E['CLOUD_SERVICE_PASSWORD'],
                                     'default_project_id': service_p['id'], 'enabled': True},
                                    domain_id=dom)
            self.grant(service_p, u, role['admin'])
            self.grant(service_p, u, role['service'])
        # catalog
        services = {(x['type'], x['name']): x for x in self._get('/services', 'services')}
        endpoints = self._get('/endpoints', 'endpoints')
        for line in E.get('CLOUD_ENDPOINTS', '').strip().splitlines():
            stype, sname, url = line.split()
            svc = services.get((stype, sname))
            if svc is None:
                svc = self._post('/services', 'service', {'type': stype, 'name': sname, 'enabled': True})
            for iface in ('public', 'internal', 'admin'):
                mine = [e for e in endpoints if e['service_id'] == svc['id'] and e['interface'] == iface]
                if mine and mine[0]['url'] == url:
                    continue
                for e in mine:
                    self.s.delete(KS + '/endpoints/' + e['id'])
                self._post('/endpoints', 'endpoint', {'service_id': svc['id'], 'interface': iface,
                                                      'url': url, 'region_id': REGION, 'enabled': True})
        print(json.dumps({'admin_project': admin_p['id'], 'demo_project': demo_p['id'],
                          'service_project': service_p['id'], 'alt_project': alt_p['id']}))


def flavors():
    s = admin_session()
    ep = dict(service_type='compute', interface='public', region_name=REGION)
    have = {f['name'] for f in s.get('/flavors', endpoint_filter=ep).json()['flavors']}
    for fid, name, vcpus, ram, disk in (('1', 'm1.tiny', 1, 512, 1), ('2', 'm1.small', 1, 2048, 20)):
        if name not in have:
            s.post('/flavors', endpoint_filter=ep, json={'flavor': {
                'id': fid, 'name': name, 'vcpus': vcpus, 'ram': ram, 'disk': disk,
                'os-flavor-access:is_public': True}})
            print('flavor %s created' % name)


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'identity':
        Identity(admin_session()).run()
    elif cmd == 'flavors':
        flavors()
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
