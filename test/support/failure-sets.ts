// The failures of several parts at once that the failure-analysis goldens (stamp simulate, the failure panel) show after the single ones.

/** By design path (from the repository root): the sets of part names failed together. */
export const failedTogether: Readonly<Record<string, readonly string[][]>> = {
  'examples/hypervnu-lab.stamp': [['HV01', 'SQL2', 'DC02'], ['SPF1', 'SPF2'], ['DC01', 'DC02']],
  'examples/asr-stamp.stamp': [['MGMT01', 'MGMT02'], ['MGMT01', 'DR01']],
  'test/cli-inputs/capacity/placement.stamp': [['P1', 'P2'], ['P1', 'P2', 'P3'], ['P2', 'P4']],
  'test/cli-inputs/capacity/edges.stamp': [['C1', 'C2'], ['B2', 'B3'], ['A1', 'A2']],
  'test/cli-inputs/resilience/local-storage.stamp': [['U1', 'U2'], ['L1', 'L2']],
  'test/cli-inputs/resilience/quorum-edges.stamp': [['A1', 'A2'], ['A1', 'A2', 'R1'], ['S1', 'S2'], ['S1', 'SELF']],
  'test/cli-inputs/resilience/placement-memo.stamp': [['V1', 'FS1'], ['V1', 'BIG']],
  'test/cli-inputs/resilience/simulate-edges.stamp': [['U1', 'U2'], ['RH1', 'RH2'], ['P1', 'P2'], ['RYH', 'M1', 'M2']],
};
