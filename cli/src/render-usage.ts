// The help text and choices of `stamp render`, apart from the renderer so that other commands need not load it.

export const renderThemes = ['light', 'dark'] as const;

export const renderUsage = `Usage: stamp render <file> -o <out.svg|out.png> [--theme light|dark]

Draws the topology diagram of the preview (clusters, hosts, VMs, SQL, availability groups, NLB,
SPF, WAP, replication) to an SVG or PNG file. Problems found by the rules are marked on the
elements, with the severities of the nearest stamp.config.json.

Options:
  -o, --output <path>     The file to write; its extension (.svg or .png) picks the format.
  --theme <light|dark>    Colours of the drawing (default: light).
  --scale <n>             PNG only: pixels per SVG unit, from 0.1 to 8 (default: 1.5).
  -h, --help              Show this help.`;
