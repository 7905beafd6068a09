// One codec per file: each file runs in its own process, so RSS growth is measured from a fresh start.
import { largeStreamSuite } from './large-stream.js';

largeStreamSuite('gzip', 'openssl');
