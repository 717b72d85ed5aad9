// Product facts the rules read (rules.md section 1): availability-group sizes per SQL Server release, Hyper-V Replica
// frequencies per Windows Server release, the databases WAP creates. Rules read these instead of hard-coding them.
import type { Version } from '../../../grammar/src/model.js';
import { versionOrder } from '../../../grammar/src/schema.js';

/** The availability-group limits of one SQL Server release. Every count includes the primary replica. */
export interface SqlAvailabilityGroupLimits {
  /** Replicas in one group: the primary plus the secondaries. */
  maxReplicas: number;
  /** Replicas in synchronous-commit mode. */
  maxSynchronousReplicas: number;
  /** Replicas in the automatic-failover set. 2019 and 2022 use 5, following the "What's New" page (uncertainty U1). */
  maxAutomaticFailoverReplicas: number;
}

/** Limits by the release that introduced them; a later release without a row keeps the previous row's limits. */
export const sqlAvailabilityGroupLimitsByRelease: Readonly<Record<string, SqlAvailabilityGroupLimits>> = {
  '2012': { maxReplicas: 5, maxSynchronousReplicas: 3, maxAutomaticFailoverReplicas: 2 },
  '2014': { maxReplicas: 9, maxSynchronousReplicas: 3, maxAutomaticFailoverReplicas: 2 },
  '2016': { maxReplicas: 9, maxSynchronousReplicas: 3, maxAutomaticFailoverReplicas: 3 },
  '2017': { maxReplicas: 9, maxSynchronousReplicas: 3, maxAutomaticFailoverReplicas: 3 },
  '2019': { maxReplicas: 9, maxSynchronousReplicas: 5, maxAutomaticFailoverReplicas: 5 },
  '2022': { maxReplicas: 9, maxSynchronousReplicas: 5, maxAutomaticFailoverReplicas: 5 },
};

/** The Hyper-V Replica features of one Windows Server release (the lower OS of a replication pair decides). */
export interface HyperVReplicaLimits {
  /** The replication frequencies the release offers, in seconds. */
  frequenciesSec: readonly number[];
  /** Whether extended (chained) replication exists. */
  extendedReplication: boolean;
  /** The frequencies extended replication may use, in seconds (never shorter than the first hop). */
  extendedFrequenciesSec: readonly number[];
  /** Additional recovery points the replica can keep. */
  maxRecoveryPoints: number;
}

export const hyperVReplicaLimitsByRelease: Readonly<Record<string, HyperVReplicaLimits>> = {
  '2012': { frequenciesSec: [300], extendedReplication: false, extendedFrequenciesSec: [], maxRecoveryPoints: 16 },
  '2012R2': { frequenciesSec: [30, 300, 900], extendedReplication: true, extendedFrequenciesSec: [300, 900], maxRecoveryPoints: 24 },
};

/** The row of a table that applies to a version: the newest release in the table that is not newer than it. */
function rowFor<T>(table: Readonly<Record<string, T>>, family: keyof typeof versionOrder, version: Version | undefined): { release: string; limits: T } | undefined {
  if (!version) return undefined;
  let found: { release: string; limits: T } | undefined;
  for (const [release, limits] of Object.entries(table)) {
    const rank = versionOrder[family].indexOf(release);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: every release of the tables is in the version order, and none is its oldest
    if (rank < 0 || rank > version.rank) continue;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: the tables list their releases oldest first and once each, so the last that applies is the newest
    if (!found || rank > versionOrder[family].indexOf(found.release)) found = { release, limits };
  }
  // Stryker disable next-line ConditionalExpression: equivalent: a row found always has its limits
  return found?.limits !== undefined ? found : undefined;
}

/** The availability-group limits for a SQL Server version, or undefined when the version is unknown or predates AGs. */
export function sqlAvailabilityGroupLimits(version: Version | undefined): SqlAvailabilityGroupLimits | undefined {
  return rowFor(sqlAvailabilityGroupLimitsByRelease, 'sql', version)?.limits;
}

/** The Hyper-V Replica limits for a Windows Server version, or undefined when unknown or older than 2012. */
export function hyperVReplicaLimits(version: Version | undefined): HyperVReplicaLimits | undefined {
  return rowFor(hyperVReplicaLimitsByRelease, 'windows', version)?.limits;
}

/**
 * The five management databases WAP setup creates (seed 001); resource providers may add more (U5, AG012). WAP001
 * wants them in the group; AG012 leaves them to WAP001; SQL rules treat them as WAP's.
 */
export const wapDatabases = [
  'Microsoft.MgmtSvc.Config',
  'Microsoft.MgmtSvc.PortalConfigStore',
  'Microsoft.MgmtSvc.Store',
  'Microsoft.MgmtSvc.Usage',
  'Microsoft.MgmtSvc.WebAppGallery',
];
