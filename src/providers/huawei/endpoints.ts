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

/**
 * IAM's regional endpoints, as the official SDKs list them (huaweicloud-sdk-go-v3
 * services/iam/v3/region). Any other region uses the global endpoint, as the SDKs do: a regional
 * host is not published for every region (cn-south-4, cn-north-11, ru-northwest-2, ap-southeast-5 ...).
 */
export const IAM_REGIONAL_ENDPOINTS: Readonly<Record<string, string>> = {
  'cn-north-1': 'https://iam.cn-north-1.myhuaweicloud.com',
  'cn-north-2': 'https://iam.cn-north-2.myhuaweicloud.com',
  'cn-north-4': 'https://iam.cn-north-4.myhuaweicloud.com',
  'cn-north-9': 'https://iam.cn-north-9.myhuaweicloud.com',
  'cn-east-2': 'https://iam.cn-east-2.myhuaweicloud.com',
  'cn-east-3': 'https://iam.cn-east-3.myhuaweicloud.com',
  'cn-south-1': 'https://iam.cn-south-1.myhuaweicloud.com',
  'cn-south-2': 'https://iam.cn-south-2.myhuaweicloud.com',
  'cn-southwest-2': 'https://iam.cn-southwest-2.myhuaweicloud.com',
  'ap-southeast-1': 'https://iam.ap-southeast-1.myhuaweicloud.com',
  'ap-southeast-2': 'https://iam.ap-southeast-2.myhuaweicloud.com',
  'ap-southeast-3': 'https://iam.ap-southeast-3.myhuaweicloud.com',
  'af-south-1': 'https://iam.af-south-1.myhuaweicloud.com',
  'sa-brazil-1': 'https://iam.sa-brazil-1.myhuaweicloud.com',
  'la-south-2': 'https://iam.la-south-2.myhuaweicloud.com',
  'la-north-2': 'https://iam.la-north-2.myhuaweicloud.com',
  'na-mexico-1': 'https://iam.na-mexico-1.myhuaweicloud.com',
  'eu-west-0': 'https://iam.eu-west-0.myhuaweicloud.com',
  'eu-west-101': 'https://iam.eu-west-101.myhuaweicloud.eu',
};
export const IAM_GLOBAL_ENDPOINT = 'https://iam.myhuaweicloud.com';

/** The regions these tables know, sorted: what shell completion offers for --region (any other is still accepted). */
export function knownRegions(): string[] {
  return [...new Set([...Object.keys(GAUSSDB_PREFIX), ...Object.keys(IAM_REGIONAL_ENDPOINTS), ...Object.keys(DOMAIN_OF_REGION)])].sort();
}

/** The IAM endpoint for a region: the SDKs' regional one, else the global one. */
export function iamEndpoint(region: string | undefined): string {
  return (region && IAM_REGIONAL_ENDPOINTS[region]) || IAM_GLOBAL_ENDPOINT;
}

/** Region names are lower-case words and digits joined by "-": they end up in host names. */
export function checkRegion(region: string): string {
  if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(region)) {
    throw new AuthError(`invalid Huawei Cloud region "${region}"`, { code: 'CONFIG', suggestion: 'Use a region id such as cn-north-4 (--region or HUAWEICLOUD_SDK_REGION)' });
  }
  return region;
}
