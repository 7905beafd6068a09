import { imagesNamed, openSession, serversNamed, volumesNamed } from '@freezer/openstack';
import type { AgentOptions } from '../agent-options.js';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import { cloudEnv } from './cloud-env.js';

/** What a name option looks for, and the option to give instead when the name is ambiguous. */
interface NameLookup {
  what: string;
  name: string;
  idOption: string;
}

/**
 * The id of the one source with exactly this name. As the stock agent, names are looked up in the
 * session's project; unlike it (it backed up every match), none or several matches is one line.
 */
export function onlyMatch(look: NameLookup, matches: readonly { id: string; name: string | null }[]): string {
  const exact = matches.filter((m) => m.name === look.name);
  const [first, second] = exact;
  if (!first) throw new AgentError(`no ${look.what} is named "${look.name}"`);
  if (second) {
    const ids = exact.map((m) => m.id).join(', ');
    throw new AgentError(
      `${exact.length} ${look.what}s are named "${look.name}" (${ids}): choose one with ${look.idOption}`,
    );
  }
  return first.id;
}

/**
 * The options with --nova-inst-name, --cinder-vol-name or --glance-image-name replaced by the id of
 * the source it names (looked up in the cloud once, before the backup or restore starts).
 */
export async function resolveCloudName(o: AgentOptions, log: Logger): Promise<AgentOptions> {
  const m = o.modes;
  type Found = { id: string; name: string | null }[];
  const resolve = async (
    look: NameLookup,
    list: (s: Awaited<ReturnType<typeof openSession>>) => Promise<Found>,
  ): Promise<string> => {
    const id = onlyMatch(look, await list(await openSession(cloudEnv(o))));
    log.info(`${m.mode}: the ${look.what} named "${look.name}" is ${id}`);
    return id;
  };
  if (m.mode === 'nova' && m.novaInstName !== undefined) {
    const look = { what: 'Nova instance', name: m.novaInstName, idOption: '--nova-inst-id' };
    const id = await resolve(look, (s) => serversNamed(s, look.name));
    return { ...o, modes: { ...m, novaInstId: id, novaInstName: undefined } };
  }
  if (m.mode === 'cinder' && m.cinderVolName !== undefined) {
    const look = { what: 'Cinder volume', name: m.cinderVolName, idOption: '--cinder-vol-id' };
    const id = await resolve(look, (s) => volumesNamed(s, look.name));
    return { ...o, modes: { ...m, cinderVolId: id, cinderVolName: undefined } };
  }
  if (m.mode === 'glance' && m.glanceImageName !== undefined) {
    const look = { what: 'Glance image', name: m.glanceImageName, idOption: '--glance-image-id' };
    const id = await resolve(look, (s) => imagesNamed(s, look.name));
    return { ...o, modes: { ...m, glanceImageId: id, glanceImageName: undefined } };
  }
  return o;
}
