// NLB rules of the catalog (rules.md), as pure functions over the model.
import { defineRule, type Rule } from './rule.js';

export const nlbRules: Rule[] = [];

void defineRule;
