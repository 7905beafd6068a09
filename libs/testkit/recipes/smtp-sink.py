#!/usr/bin/python3
"""A real SMTP server on loopback (aiosmtpd, Debian python3-aiosmtpd) that keeps every accepted
message as one JSON file in a directory: what the alert tests read.

  smtp-sink.py --port N --dir DIR [--cert PEM --key PEM] [--user U --password P]

With a certificate, STARTTLS is offered and required before MAIL; with a user, AUTH (PLAIN, LOGIN)
is required, and only over TLS. Prints "ready" once listening; stops on SIGTERM.
"""
import argparse
import json
import os
import signal
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

parser = argparse.ArgumentParser()
parser.add_argument('--port', type=int, required=True)
parser.add_argument('--dir', required=True)
parser.add_argument('--cert')
parser.add_argument('--key')
parser.add_argument('--user')
parser.add_argument('--password')
args = parser.parse_args()


class Keep:
    async def handle_DATA(self, server, session, envelope):
        record = {
            'mail_from': envelope.mail_from,
            'rcpt_tos': envelope.rcpt_tos,
            'data': envelope.content.decode('utf8', errors='replace'),
            'tls': session.ssl is not None,
            'auth': session.authenticated,
        }
        name = f'{time.time_ns()}.json'
        tmp = os.path.join(args.dir, f'.{name}')
        with open(tmp, 'w') as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(args.dir, name))
        return '250 OK'


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
    return AuthResult(success=ok)


options = {}
if args.cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    options.update(tls_context=context, require_starttls=True)
if args.user:
    options.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.cert))

controller = Controller(Keep(), hostname='127.0.0.1', port=args.port, server_kwargs=options)
controller.start()
print('ready', flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()
