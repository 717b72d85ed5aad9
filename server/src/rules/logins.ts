// What the rules know of SQL logins across availability-group replicas: the replica instances, the logins each lacks,
// and the fixes that create them. Shared by AG (AG003, AG004), SQL, LSN and HV rules and by the code actions.
import type { Fix, TextEdit } from '../../../grammar/src/diagnostic.js';
import { childrenOf } from '../../../grammar/src/elements.js';
import { nameText } from '../../../grammar/src/edits.js';
import type { AvailabilityGroup, Login, RequiredLogin, SqlInstance, StampModel } from '../../../grammar/src/model.js';
import { blockIsOneLine, childIndentation, insertStatements, siblingsUseOneLineBlocks, statementWithBlock } from './fix-text.js';

/** The distinct SQL instances holding a replica of a group, in declaration order. */
export function replicaInstances(ag: AvailabilityGroup): SqlInstance[] {
  const instances: SqlInstance[] = [];
  for (const replica of ag.replicas) if (replica.instance && !instances.includes(replica.instance)) instances.push(replica.instance);
  return instances;
}

/** A login on an instance, by case-folded name. */
export function loginOn(instance: SqlInstance, key: string): Login | undefined {
  return instance.logins.find((login) => login.key === key);
}

/** The instance a login is taken from: the initial primary when it has the login, else the first replica that has it. */
export function referenceLogin(ag: AvailabilityGroup, key: string): Login | undefined {
  const primary = ag.primary?.instance;
  const onPrimary = primary ? loginOn(primary, key) : undefined;
  if (onPrimary) return onPrimary;
  for (const instance of replicaInstances(ag)) {
    const login = loginOn(instance, key);
    if (login) return login;
  }
  return undefined;
}

/** One login a replica instance lacks, with the login it can be copied from (if any replica has it). */
export interface MissingLogin {
  ag: AvailabilityGroup;
  required: RequiredLogin;
  instance: SqlInstance;
  source?: Login;
}

/** Every (required login, replica instance) pair where the instance has no such login. */
export function missingLoginsOf(ag: AvailabilityGroup): MissingLogin[] {
  const missing: MissingLogin[] = [];
  const instances = replicaInstances(ag);
  for (const required of ag.requiredLogins) {
    const source = referenceLogin(ag, required.key);
    for (const instance of instances) {
      if (!loginOn(instance, required.key)) missing.push({ ag, required, instance, source });
    }
  }
  return missing;
}

/** The `login` statements that create missing logins on one instance, copying type, SID and password from the source. */
function loginStatements(model: StampModel, instance: SqlInstance, missing: readonly MissingLogin[]): string[] {
  const instanceOneLine = blockIsOneLine(model.texts, instance.element);
  // Stryker disable next-line StringLiteral: equivalent: a statement for a one-line block is written on one line, without indentation
  const indentation = instanceOneLine ? '' : childIndentation(model.texts, instance.element);
  return missing.map((item) => {
    const source = item.source;
    const fallbackStyle = source ? blockIsOneLine(model.texts, source.element) : true;
    const oneLine = instanceOneLine || siblingsUseOneLineBlocks(model.texts, childrenOf(instance.element, 'login'), fallbackStyle);
    const name = source?.name ?? item.required.name;
    const type = source?.type ?? item.required.type ?? (name.includes('\\') ? 'windows' : 'sql');
    const inner = [`type ${type}`];
    if (source?.sid) inner.push(`sid ${nameText(source.sid)}`);
    if (source?.password) inner.push(`password ${nameText(source.password)}`);
    return statementWithBlock(`login ${nameText(name)}`, inner, oneLine, indentation);
  });
}

function loginTypeOf(item: MissingLogin): string {
  const name = item.source?.name ?? item.required.name;
  return item.source?.type ?? item.required.type ?? (name.includes('\\') ? 'windows' : 'sql');
}

/** The fix for one missing login: create it on that instance (with the source's SID and password for a SQL login). */
export function missingLoginFix(model: StampModel, item: MissingLogin): Fix {
  const name = item.source?.name ?? item.required.name;
  return {
    title: `Add login '${name}' (type ${loginTypeOf(item)}) to instance ${item.instance.name}`,
    edits: [insertStatements(model.texts, item.instance.element, loginStatements(model, item.instance, [item]))],
    preferred: true,
  };
}

/**
 * The fix that adds every login an availability group lacks to every replica at once (AG003's second fix, also offered
 * as a source action). Undefined when no replica lacks a login.
 */
export function missingLoginFixAll(model: StampModel, ag: AvailabilityGroup): Fix | undefined {
  const missing = missingLoginsOf(ag);
  // Stryker disable next-line ConditionalExpression: equivalent: its callers ask only for groups that lack a login (AG003's findings)
  if (missing.length === 0) return undefined;
  const edits: TextEdit[] = [];
  for (const instance of replicaInstances(ag)) {
    const mine = missing.filter((item) => item.instance === instance);
    if (mine.length > 0) edits.push(insertStatements(model.texts, instance.element, loginStatements(model, instance, mine)));
  }
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent: AG003 offers this fix only when two or more logins are missing, and the source action has its own title
  const title = missing.length === 1 ? `Add the missing login of availability group ${ag.name}` : `Add all ${missing.length} missing logins of availability group ${ag.name}`;
  return { title, edits };
}
