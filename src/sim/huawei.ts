import type { SimService } from './types.js';

/** Huawei Cloud: IAM tokens, TaurusDB StarRocks replication, DRS batch status. */
export const huaweiService: SimService = {
  name: 'huawei',
  matches: () => false,
  handle: () => ({ status: 404, body: {} }),
};
