"""The Debian freezer-agent (python3-freezer 13.0.0) with five Python 3 bugs of its glance, nova and
cinder code fixed at run time, and nothing else changed:

1. GlanceEngine/NovaEngine.set_tenant_meta open engine_metadata with 'wb' and write a str: every backup
   fails with "TypeError: a bytes-like object is required, not 'str'".
2. utils.ReSizeStream.read() calls self.next(), which a Python 3 iterator does not have, and its buffer
   starts as a str: every glance/nova restore fails with "'ReSizeStream' object has no attribute
   'next'", a cinder backup with "can only concatenate str (not \"bytes\") to str".
3. openstack/restore.py reads a cinder backup's metadata file opened as text with oslo's
   jsonutils.load, which wants bytes: every cinder restore fails with "can't concat str to bytes".
4. restore_cinder_by_glance computes the new volume's size as length / 1 GiB, a float in Python 3,
   which Cinder refuses ("1.0 is not of type 'integer'"): the size is cut to an int, as Python 2's
   integer division did.
5. storage/fslike.py add_stream writes a cinder backup's metadata (str) to a file opened 'wb': every
   cinder backup to local or ssh storage fails after storing the bytes, with "a bytes-like object is
   required, not 'str'", and leaves its snapshot, volume and image.

The tests run the unpatched /usr/bin/freezer-agent too and assert those errors; this wrapper shows
that past them the stock code reads and writes the same object tree as ours.
"""
import json as std_json
import sys
import types

from oslo_serialization import jsonutils as json

from cinderclient.v3 import volumes
from freezer.engine.glance import glance
from freezer.engine.nova import nova
from freezer.openstack import restore
from freezer.storage import fslike
from freezer.utils import utils


def set_tenant_meta(self, path, metadata):
    with open(path, 'w') as fb:
        fb.write(json.dumps(metadata))


glance.GlanceEngine.set_tenant_meta = set_tenant_meta
nova.NovaEngine.set_tenant_meta = set_tenant_meta

_init = utils.ReSizeStream.__init__


def init(self, stream, length, chunk_size):
    _init(self, stream, length, chunk_size)
    self.reminder = b''


def read(self, chunk_size):
    self.chunk_size = chunk_size
    try:
        return self.__next__()
    except StopIteration:
        return b''


utils.ReSizeStream.__init__ = init
utils.ReSizeStream.read = read

restore.json = types.SimpleNamespace(load=std_json.load, loads=json.loads, dumps=json.dumps)

fslike.json = types.SimpleNamespace(dumps=lambda value: json.dumps(value).encode())

_create = volumes.VolumeManager.create


def create(self, size, *args, **kwargs):
    return _create(self, int(size), *args, **kwargs)


volumes.VolumeManager.create = create

from freezer.main import main  # noqa: E402  (after the patches, as the console script does)

sys.exit(main())
