/**
 * Every scenario the site shows, in the order the "How we know" page lists them. Each is checked
 * against the simulation (tests/unit/scenarios) and, unless marked simulation-only, against a
 * real kernel (npm run test:kernel).
 */
import { etxtbsyScenarios } from './etxtbsy';
import { nfsScenarios } from './nfs';
import { sigbusScenarios } from './sigbus';
import type { Scenario } from './types';

export const scenarios: Scenario[] = [...etxtbsyScenarios, ...nfsScenarios, ...sigbusScenarios];

export type { Scenario, Step, Probe, Observation, HostName } from './types';
export { stepText, stepId } from './types';
