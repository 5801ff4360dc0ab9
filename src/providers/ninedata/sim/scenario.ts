import type { Scenario } from '../../../sim/types.js';

const CONNECTION_CHECK_FAILED = {
  itemId: 'srcDataSourceCheck',
  itemName: 'Source datasource connection check',
  itemDescription: 'Source connectable',
  status: 'failure',
  message: 'Failed to connect datasource mysql-prod: repl@10.0.3.14:3306 Caused by: Access denied for user',
};
const TARGET_CHECK_PASSED = { itemId: 'dstDataSourceCheck', itemName: 'Target datasource connection check', itemDescription: 'Target connectable', status: 'success', message: '' };

/** NineData tasks in every phase, and prechecks that pass, warn and fail. */
export const NINEDATA_SCENARIO: NonNullable<Scenario['ninedata']> = {
  replications: {
    'rp-div0t0awwobr': { status: 'running', stage: 'inc_writer', delay: 672 },
    'rp-pend0ing0001': { status: 'notStarted', stage: 'schema' },
    'rp-fullload0001': { status: 'running', stage: 'full', percent: 63.5 },
    'rp-done00000001': { status: 'success', stage: 'full', subtasks: ['schema', 'full'] },
    'rp-suspended001': { status: 'suspended', stage: 'inc_writer', delay: 5400 },
    'rp-failed000001': { status: 'failed', stage: 'full', percent: 41 },
    'rp-abnormal0001': { status: 'abnormal', stage: 'inc_writer', delay: 93_000 },
    'rp-div0qqpbffio': { status: 'preCheckFailed', stage: 'schema' },
    // A cutover in motion: pending, full load to 100%, then incremental with lag falling to 0.5 s.
    'rp-cutover00001': {
      timeline: [
        { for: 1, status: 'notStarted', stage: 'schema' },
        { for: 2, status: 'running', stage: 'full', percent: { from: 0, to: 100 } },
        { for: 3, status: 'running', stage: 'inc_writer', delay: { from: 8000, to: 500 } },
      ],
    },
    // A precheck rerun after a fix: preChecking for 2 s, then passed (`precheck --wait` waits for it).
    'rp-prechecking1': { timeline: [{ for: 2, status: 'preChecking', stage: 'schema' }, { status: 'preCheckSuccess', stage: 'schema' }] },
  },
  prechecks: {
    // The API docs do not say what this endpoint answers mid-run; the simulator plays the worst case:
    // the previous run's result (a failure) until the rerun ends, so only `--wait` sees the real verdict.
    'rp-prechecking1': {
      timeline: [
        { for: 2, precheckStatus: 'failure', items: [CONNECTION_CHECK_FAILED, TARGET_CHECK_PASSED] },
        { precheckStatus: 'success', items: [{ ...CONNECTION_CHECK_FAILED, status: 'success', message: '' }, TARGET_CHECK_PASSED] },
      ],
    },
    'rp-div0qqpbffio': {
      precheckStatus: 'failure',
      items: [
        { itemId: 'replBidirectionLoopExistCheck', itemName: 'Cyclic replication check', itemDescription: 'Check for replication loops', status: 'success', message: '' },
        {
          itemId: 'srcDataSourceCheck',
          itemName: 'Source datasource connection check',
          itemDescription: 'Check the status of the gateway of the source datasource, database connectable, and verify the username and password',
          status: 'failure',
          message: 'Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out',
        },
      ],
    },
    'rp-precheckok01': {
      precheckStatus: 'success',
      items: [
        { itemId: 'srcDataSourceCheck', itemName: 'Source datasource connection check', itemDescription: 'Source connectable', status: 'success', message: '' },
        { itemId: 'dstDataSourceCheck', itemName: 'Target datasource connection check', itemDescription: 'Target connectable', status: 'success', message: '' },
      ],
    },
    'rp-precheckwarn': {
      precheckStatus: 'warning',
      items: [
        { itemId: 'srcDataSourceCheck', itemName: 'Source datasource connection check', itemDescription: 'Source connectable', status: 'success', message: '' },
        { itemId: 'srcBinlogRetentionCheck', itemName: 'Source binlog retention check', itemDescription: 'Binlog kept long enough', status: 'warning', message: 'binlog_expire_logs_seconds is 86400; 3 days or more is recommended' },
      ],
    },
    'rp-div0t0awwobr': {
      precheckStatus: 'success',
      items: [{ itemId: 'srcDataSourceCheck', itemName: 'Source datasource connection check', itemDescription: 'Source connectable', status: 'success', message: '' }],
    },
  },
};
