import { z } from 'zod';

/** Ids the stock API accepts in paths and bodies (`^[\w-]+$`); server-made ids are uuid4 hex. */
export const idPattern = /^[\w-]+$/;
export const idString = z.string().regex(idPattern, { message: 'must match ^[\\w-]+$' });

/** Integer that must really be a JSON number: "3" is rejected, unlike the stock API. */
export const int = z.number().int();

/** Epoch seconds; the stock API uses -1 for "not set". */
export const epochSeconds = z.number().int().min(-1);

const hostLabel = '([a-zA-Z\\d]|[a-zA-Z\\d][a-zA-Z\\d\\-]{0,61}[a-zA-Z\\d])';
const fqdn = `${hostLabel}(\\.${hostLabel})*`;

/** `[<project>_]<fqdn>`, anchored like the stock client schema. */
export const clientIdPattern = new RegExp(`^(?:([\\w\\-]+)_)?${fqdn}$`);

/** The stock hostname pattern has no anchors; we anchor it (a hostname is a hostname). */
export const hostnamePattern = new RegExp(`^${fqdn}$`);

export const clientIdString = z
  .string()
  .regex(clientIdPattern, { message: 'must be "[<project>_]<hostname>" (letters, digits, "-", "_", ".")' });
