// LSN rules of the catalog (rules.md), as pure functions over the model.
import { defineRule, type Rule } from './rule.js';

export const lsnRules: Rule[] = [];

void defineRule;
