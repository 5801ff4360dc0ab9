import type { Scenario } from '../../../sim/types.js';

const BINLOG = { BinlogName: 'mysql-bin.000412', BinlogPos: 81723, BinlogGTID: '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2841' };

/** UDTS tasks in every phase. Progress fields sit beside Status; the simulator nests them. */
export const UCLOUD_SCENARIO: NonNullable<Scenario['ucloud']> = {
  tasks: {
    'udts-ixdp441': { Status: 'Syncing', RedisDelayTime: 3, Sync: BINLOG },
    'udts-synced01': { Status: 'Synced', RedisDelayTime: 0, Sync: BINLOG },
    'udts-mongo001': { Status: 'Syncing', MongoDelayTime: 12 },
    'udts-created1': { Status: 'Created' },
    'udts-dumping1': { Status: 'Dumping', TotalCount: 1_200_000, CurCount: 420_000, Percentage: 35, TotalDuration: 3600, CurDuration: 1260 },
    'udts-loading1': { Status: 'Loading', TotalCount: 1_200_000, CurCount: 1_020_000, Percentage: 85, TotalDuration: 3600, CurDuration: 3060 },
    'udts-done0001': { Status: 'Done', TotalCount: 500_000, CurCount: 500_000, Percentage: 100, TotalDuration: 900, CurDuration: 900 },
    'udts-stopped1': { Status: 'Stopped' },
    'udts-retry001': { Status: 'RetryPending', CurRetryCount: 1, MaxRetryCount: 3 },
    'udts-failed01': { Status: 'Failed', FailedMessage: "dump table `shop`.`orders` failed: Access denied for user 'udts'@'10.9.%'" },
    'udts-lifecyc1': {
      timeline: [
        { for: 2, Status: 'Dumping', Percentage: { from: 0, to: 60 } },
        { for: 2, Status: 'Loading', Percentage: { from: 60, to: 100 } },
        { Status: 'Syncing', RedisDelayTime: 1, Sync: BINLOG },
      ],
    },
  },
};
