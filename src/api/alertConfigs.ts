import { Type } from '@sinclair/typebox';
import { defineOperation } from '../http/operation.js';
import { StringEnum } from './schemas.js';

/** The fields an alert configuration's matchers may name, as production lists them. */
export const MATCHER_FIELD_NAMES = [
  'CLUSTER_NAME',
  'HOSTNAME',
  'PORT',
  'HOSTNAME_AND_PORT',
  'APPLICATION_ID',
  'REPLICA_SET_NAME',
  'TYPE_NAME',
  'SHARD_NAME',
] as const;

export const operations = [
  defineOperation({
    operationId: 'listAlertConfigurationMatchersFieldNames',
    method: 'GET',
    path: '/api/atlas/v2/alertConfigs/matchers/fieldNames',
    tag: 'Alert Configurations',
    summary: 'Return All Alert Configuration Matchers Field Names',
    access: { scope: 'any' },
    versions: {
      '2023-01-01': { response: Type.Array(StringEnum(MATCHER_FIELD_NAMES), { title: 'MatcherFieldNames' }) },
    },
    async handler() {
      return [...MATCHER_FIELD_NAMES];
    },
  }),
];
