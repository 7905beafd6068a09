"""The Debian freezer-agent (python3-freezer 13.0.0) with the two Python 3 bugs of its glance and nova
engines fixed at run time, and nothing else changed:

1. GlanceEngine/NovaEngine.set_tenant_meta open engine_metadata with 'wb' and write a str: every backup
   fails with "TypeError: a bytes-like object is required, not 'str'".
2. utils.ReSizeStream.read() calls self.next(), which a Python 3 iterator does not have, and its buffer
   starts as a str: every restore fails with "'ReSizeStream' object has no attribute 'next'".

The tests run the unpatched /usr/bin/freezer-agent too and assert those two errors; this wrapper shows
that past them the stock code reads and writes the same object tree as ours.
"""
import sys

from oslo_serialization import jsonutils as json

from freezer.engine.glance import glance
from freezer.engine.nova import nova
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

from freezer.main import main  # noqa: E402  (after the patches, as the console script does)

sys.exit(main())
