// Every rule of the catalog, in catalog order. Adding a rule touches its family file, this list (through the family
// array) and a fixture, never the LSP code.
import type { Rule } from './rule.js';
import { agRules } from './ag.js';
import { lsnRules } from './lsn.js';
import { sqlRules } from './sql.js';
import { clRules } from './cl.js';
import { hvRules } from './hv.js';
import { capRules } from './cap.js';
import { nlbRules } from './nlb.js';
import { lbRules } from './lb.js';
import { spfRules } from './spf.js';
import { wapRules } from './wap.js';
import { hvrRules } from './hvr.js';
import { teamRules } from './team.js';
import { asrRules } from './asr.js';
import { dcRules } from './dc.js';
import { certRules } from './cert.js';
import { spofRules } from './spof.js';

export const allRules: readonly Rule[] = [
  ...agRules, ...lsnRules, ...sqlRules, ...clRules, ...hvRules, ...capRules, ...nlbRules, ...lbRules,
  ...spfRules, ...wapRules, ...hvrRules, ...teamRules, ...asrRules, ...dcRules, ...certRules,
  ...spofRules,
];

export { ruleFamilies } from './rule.js';

const rulesById = new Map(allRules.map((rule) => [rule.id, rule]));

/** The rule with a catalog id, if there is one. */
export function ruleById(id: string): Rule | undefined {
  return rulesById.get(id);
}
