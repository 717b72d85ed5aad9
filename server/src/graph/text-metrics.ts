// The text metrics the layout and the renderer share (font sizes, box heights, estimated text widths), with no dependency on the layout engine.

/** Text metrics the layout and the renderer share, so that boxes fit their labels. */
export const textMetrics = {
  labelFontSize: 13,
  sublabelFontSize: 11,
  edgeLabelFontSize: 11,
  markFontSize: 11,
  /** Average advance of a character, as a fraction of the font size (a generous estimate for sans-serif). */
  averageCharacterWidth: 0.62,
  leafHeight: 48,
  /** Space on the left of a leaf for its kind badge. */
  badgeSpace: 34,
  containerHeaderHeight: 48,
  padding: 12,
  margin: 20,
};

/** The width a string takes at a font size, estimated without a DOM. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return Math.ceil(text.length * fontSize * (textMetrics.averageCharacterWidth + (bold ? 0.08 : 0)));
}

/** The longest label the renderer draws before it cuts it with an ellipsis. */
export const maximumLabelCharacters = 40;

/** Shortens a label the renderer would otherwise draw wider than its box. */
export function clipLabel(text: string, maximum = maximumLabelCharacters): string {
  return text.length <= maximum ? text : `${text.slice(0, maximum - 1)}…`;
}
