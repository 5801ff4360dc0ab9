import type { SimService } from './types.js';

/** UCloud API (POST form to /, Action=GetUDTSTaskStatus). */
export const ucloudService: SimService = {
  name: 'ucloud',
  matches: () => false,
  handle: () => ({ status: 404, body: {} }),
};
