/**
 * How the detail panel is laid out for a viewport. Wide screens show it beside the list (the list
 * keeps its toolbar and its first columns); narrower ones (a 1024x768 classroom projector, or large
 * text) cannot share the width, so the panel becomes a drawer over the list with a Close button and
 * the list keeps its full width underneath (nothing reflows when the panel opens or closes).
 */

/** Viewport widths (CSS px) below which the detail panel is a drawer: normal text, projector mode. */
export const DETAIL_DRAWER_BELOW = { normal: 1200, projector: 1400 } as const;

/** Whether the detail panel is a drawer over the list (true) or a column beside it (false). */
export function detailIsDrawer(viewportWidth: number, projector: boolean): boolean {
  return viewportWidth < (projector ? DETAIL_DRAWER_BELOW.projector : DETAIL_DRAWER_BELOW.normal);
}
