/**
 * The one registry of providers: the program's commands, `syncstat config`, the secret keys, the
 * simulator's services and the demo all derive from it. Adding a provider is one folder under
 * src/providers/ and one line here. The meta modules are data: a provider's code loads only when one
 * of its commands runs.
 */
import type { Provider } from '../core/provider.js';
import type { ProviderSim } from '../sim/types.js';
import { HUAWEI } from './huawei/meta.js';
import { NINEDATA } from './ninedata/meta.js';
import { UCLOUD } from './ucloud/meta.js';

export const PROVIDERS = {
  ninedata: NINEDATA,
  ucloud: UCLOUD,
  huawei: HUAWEI,
} satisfies Record<string, Provider<ProviderSim>>;

export type ProviderName = keyof typeof PROVIDERS;

/** The providers in registry order. */
export const PROVIDER_LIST: readonly Provider<ProviderSim>[] = Object.values(PROVIDERS);

/** The settings keys whose literal values in a config file are secrets (the file-permission warning). */
export function secretSettingKeys(): Set<string> {
  return new Set(PROVIDER_LIST.flatMap((p) => Object.values(p.settings).flatMap((s) => (s.secret ? [s.key] : []))));
}

/** Every field and header name that carries a credential, for redaction in --debug logs. */
export function secretNames(): { fields: string[]; headers: string[] } {
  return {
    fields: [...secretSettingKeys(), ...PROVIDER_LIST.flatMap((p) => p.wireSecrets?.fields ?? [])],
    headers: PROVIDER_LIST.flatMap((p) => p.wireSecrets?.headers ?? []),
  };
}
