import { AuthError } from '../../core/errors.js';

export type HuaweiService = 'drs' | 'gaussdb';

/** TaurusDB / GaussDB(for MySQL) host prefix by region (huawei.md); other regions use "gaussdb". */
const GAUSSDB_PREFIX: Readonly<Record<string, string>> = {
  'cn-north-4': 'gaussdb',
  'cn-north-2': 'gaussdb',
  'cn-north-9': 'gaussdb',
  'cn-east-3': 'gaussdb',
  'cn-south-1': 'gaussdb',
  'cn-south-4': 'gaussdb',
  'cn-southwest-2': 'gaussdb',
  'ap-southeast-3': 'gaussdb',
  'ap-southeast-4': 'gaussdb',
  'ru-northwest-2': 'gaussdb',
  'sa-brazil-1': 'gaussdb',
  'tr-west-1': 'gaussdbformysql',
  'ap-southeast-1': 'gaussdbformysql',
  'ap-southeast-2': 'gaussdbformysql',
  'cn-north-11': 'gaussdbformysql',
  'me-east-1': 'gaussdbformysql',
  'af-south-1': 'gaussdb-mysql',
  'cn-east-5': 'gaussdb-mysql',
  'la-north-2': 'gaussdb-mysql',
  'cn-southwest-3': 'gaussdb-mysql',
};

/** Regions outside the .com domain. */
const DOMAIN_OF_REGION: Readonly<Record<string, string>> = { 'eu-west-101': 'myhuaweicloud.eu' };
const DEFAULT_DOMAIN = 'myhuaweicloud.com';

function domainOf(region: string): string {
  return DOMAIN_OF_REGION[region] ?? DEFAULT_DOMAIN;
}

/** The public endpoint of a service in a region. */
export function serviceEndpoint(service: HuaweiService, region: string): string {
  const prefix = service === 'drs' ? 'drs' : (GAUSSDB_PREFIX[region] ?? 'gaussdb');
  return `https://${prefix}.${region}.${domainOf(region)}`;
}

/** The regional IAM endpoint (tokens scoped to the region's project). */
export function iamEndpoint(region: string): string {
  return `https://iam.${region}.${domainOf(region)}`;
}

/** Region names are lower-case words and digits joined by "-": they end up in host names. */
export function checkRegion(region: string): string {
  if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(region)) {
    throw new AuthError(`invalid Huawei Cloud region "${region}"`, { code: 'CONFIG', suggestion: 'Use a region id such as cn-north-4 (--region or HUAWEICLOUD_SDK_REGION)' });
  }
  return region;
}

/** A base URL without a trailing slash, or a configuration error naming where it came from. */
export function normalizeEndpoint(endpoint: string, what: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new AuthError(`invalid ${what} "${endpoint}"`, { code: 'CONFIG', suggestion: 'Use a URL such as https://drs.cn-north-4.myhuaweicloud.com' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuthError(`invalid ${what} "${endpoint}": only http and https are supported`, { code: 'CONFIG' });
  return url.href.replace(/\/+$/, '');
}
