import { huaweiService } from '../providers/huawei/sim/service.js';
import { nineDataService } from '../providers/ninedata/sim/service.js';
import { ucloudService } from '../providers/ucloud/sim/service.js';
import type { SimService } from './types.js';

/** Every API the simulator serves. Each service checks its own auth, as the real one does. */
export const SIM_SERVICES: SimService[] = [nineDataService, ucloudService, huaweiService];
