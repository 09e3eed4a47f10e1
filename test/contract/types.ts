import type { Client, TestServer } from '../helpers.js';

export interface ScenarioContext {
  server: TestServer;
  /** Organization owner (Digest); its exchanges are what the contract test counts. */
  client: Client;
  orgId: string;
  /** A fresh project for this scenario. */
  groupId: string;
}

/**
 * Requests that exercise operations with valid input. The contract test runs every
 * scenario with response validation on, and fails when any registered operation
 * never answered 2xx to one of them.
 */
export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}
