import { huaweiService } from './huawei.js';
import { nineDataService } from './ninedata.js';
import { ucloudService } from './ucloud.js';
import type { SimService } from './types.js';

/** Every API the simulator serves. Each service checks its own auth, as the real one does. */
export const SIM_SERVICES: SimService[] = [nineDataService, ucloudService, huaweiService];
