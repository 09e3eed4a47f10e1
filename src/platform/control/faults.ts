import { AsyncLocalStorage } from 'node:async_hooks';
import { ApiError } from '../errors.js';
import type { Operation } from '../http/operation.js';

// Fault rules: deterministic answers injected in place of (or before) what an
// operation would do. Each rule counts the calls it matches in arrival order, so
// "the next N", "after M" and "every call" give the same result on every run.

export interface FaultAnswer {
  /** Answer this Atlas error instead of running the operation. */
  error?: { status: number; errorCode: string; detail?: string };
  /** Wall-clock wait before answering (then the error, or the real answer). */
  delayMs?: number;
  /** Close the connection without an answer. */
  drop?: boolean;
  /** Run the operation, but the provisioning it starts ends FAILED with this message. */
  failProvisioning?: { errorMessage?: string };
}

export interface FaultMatch {
  /** The contract's operationId or the classic name, as given. */
  operationId?: string;
  method?: string;
  /** A request path or an Atlas path template ({param} and * match one segment and anything). */
  path?: string;
  groupId?: string;
  /** API key public key or service account client id. */
  caller?: string;
}

export interface FaultRule extends FaultMatch, FaultAnswer {
  id: string;
  /** Fault the next N calls after `after`; every call when absent. */
  times?: number;
  /** Let this many matching calls through first. */
  after?: number;
  /** Matching calls seen so far. */
  matched: number;
  /** Calls this rule answered. */
  applied: number;
  /** Where the rule came from when not POST /faults (e.g. a resource's switch). */
  source?: string;
}

export interface Call {
  op: Operation;
  method: string;
  pathname: string;
  groupId?: string;
  caller?: string;
}

const pending = new AsyncLocalStorage<{ failProvisioning: { errorMessage?: string } }>();

function pathPattern(path: string): RegExp {
  const full = path.startsWith('/api/') ? path : `/api/atlas/v2${path.startsWith('/') ? '' : '/'}${path}`;
  const body = full
    .split(/(\{\w+\}|\*)/)
    .map((part) => (part === '*' ? '.*' : /^\{\w+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

export class FaultRules {
  private rules: FaultRule[] = [];
  private patterns = new Map<string, RegExp>();
  private seq = 0;

  add(rule: Omit<FaultRule, 'id' | 'matched' | 'applied'>): FaultRule {
    const stored: FaultRule = { id: `fault-${++this.seq}`, ...rule, matched: 0, applied: 0 };
    if (rule.path) this.patterns.set(stored.id, pathPattern(rule.path));
    this.rules.push(stored);
    return stored;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  get(id: string): FaultRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    this.patterns.delete(id);
    return this.rules.length < before;
  }

  removeWhere(test: (r: FaultRule) => boolean): void {
    for (const r of this.rules.filter(test)) this.remove(r.id);
  }

  clear(): void {
    this.rules = [];
    this.patterns.clear();
  }

  /** Whether the rule would still answer a matching call. */
  static active(r: FaultRule): boolean {
    return r.times === undefined || r.applied < r.times;
  }

  private matches(r: FaultRule, call: Call): boolean {
    if (r.failProvisioning && !call.op.provisioningFault) return false;
    if (r.operationId && r.operationId !== call.op.operationId && r.operationId !== call.op.classicId) return false;
    if (r.method && r.method !== call.method) return false;
    if (r.path && !this.patterns.get(r.id)!.test(call.pathname)) return false;
    if (r.groupId && r.groupId !== call.groupId) return false;
    if (r.caller && r.caller !== call.caller) return false;
    return true;
  }

  /**
   * Counts the call against every rule it matches and returns the first (oldest)
   * rule whose turn it is, which is then counted as applied.
   */
  decide(call: Call): FaultRule | undefined {
    let chosen: FaultRule | undefined;
    for (const r of this.rules) {
      if (!this.matches(r, call)) continue;
      r.matched++;
      if (!chosen && r.matched > (r.after ?? 0) && FaultRules.active(r)) chosen = r;
    }
    if (chosen) chosen.applied++;
    return chosen;
  }

  /** Runs an operation with a rule's provisioning failure on offer to the domain. */
  runWith<T>(rule: FaultRule | undefined, fn: () => Promise<T>): Promise<T> {
    return rule?.failProvisioning ? pending.run({ failProvisioning: rule.failProvisioning }, fn) : fn();
  }

  /** For a resource starting a provisioning: the failure a rule chose for this call, taken once. */
  takeProvisioningFailure(): { errorMessage?: string } | undefined {
    const p = pending.getStore();
    if (!p) return undefined;
    const f = p.failProvisioning;
    (p as { failProvisioning?: unknown }).failProvisioning = undefined;
    return f;
  }
}

/** Thrown to close the connection without an answer. */
export class DropConnection extends Error {
  constructor(readonly ruleId: string) {
    super('connection dropped by a fault rule');
  }
}

export const faultError = (e: NonNullable<FaultAnswer['error']>) =>
  new ApiError(e.status, e.errorCode, e.detail ?? `Injected fault: ${e.errorCode}.`);
