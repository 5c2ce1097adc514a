/**
 * The usage panel of a tenant's users page (appended to app.css). The chart is inline SVG whose
 * colours come from these classes: the CSP allows stylesheets from this origin only, and no
 * style attributes. The two bar colours keep a contrast of at least 3:1 with the white card and
 * are told apart by the legend and by a white line between them.
 */
export const USAGE_PANEL_CSS = `
/* ---- usage panel (a tenant's users page) ---- */
.usage-panel { border: 1px solid #d8dee4; border-radius: .35rem; padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
.usage-panel h2 { margin: 0 0 .75rem; }
.usage-panel h3 { font-size: 1rem; margin: 0 0 .35rem; }
.usage-panel h3 ~ h3 { margin-top: 1rem; }
.usage-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(14rem, 1fr); gap: 1rem 2rem; }
@media (max-width: 50rem) { .usage-grid { grid-template-columns: minmax(0, 1fr); } }
.usage-summary { margin: 0 0 .5rem; }
.usage-chart { overflow-x: auto; }
.usage-svg { display: block; }
.usage-tick { font-size: 11px; fill: #57606a; }
.usage-axis { stroke: #57606a; stroke-width: 1; }
.usage-gridline { stroke: #d8dee4; stroke-width: 1; }
.usage-hit { fill: transparent; }
.usage-column { cursor: pointer; }
.usage-column:hover .usage-hit, .usage-column.selected .usage-hit { fill: #eaeef2; }
.usage-column:focus { outline: none; }
.usage-column:focus-visible .usage-hit { fill: #fff4d6; stroke: #f4b400; stroke-width: 3; }
.usage-bar { stroke: #fff; stroke-width: 1; }
.usage-bar.password, .usage-swatch.password { fill: #0b57d0; background: #0b57d0; }
.usage-bar.microsoft, .usage-swatch.microsoft { fill: #1a7f37; background: #1a7f37; }
.usage-legend { margin: .25rem 0 0; font-size: .9rem; display: flex; flex-wrap: wrap; gap: .25rem .5rem; align-items: center; }
.usage-swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: .15rem; }
.usage-swatch.microsoft { margin-left: .75rem; }
.usage-readout { min-height: 1.5em; }
.usage-facts dl.facts { margin: 0; }
.usage-roles th, .usage-roles td { padding: .3rem .5rem; }
.usage-roles td:last-child, .usage-roles th:last-child { text-align: right; }
.users-title { margin-top: 0; }
`;
