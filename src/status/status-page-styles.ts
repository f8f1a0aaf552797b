/**
 * The page's only styling, inline: the machine may have no network, and the page loads nothing.
 * State colours match the check run's Mermaid graph (src/pipeline/render-run-graph.ts).
 */
export const statusPageStyles = `
:root { color-scheme: light; --waiting: #eee; --waiting-line: #999; --active: #fff3c4; --active-line: #c90;
  --done: #d4f4dd; --done-line: #2a7; --failed: #fbd5d5; --failed-line: #c33; --removed: #f8f9fa; --removed-line: #adb5bd; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header.top { display: flex; gap: 1rem; align-items: baseline; padding: .8rem 1.2rem; background: #24292f; color: #fff; }
header.top h1 { font-size: 1.15rem; margin: 0; }
header.top a { color: #9ecbff; }
header.top .generated { margin-left: auto; opacity: .8; font-size: .85rem; }
main { padding: 1rem 1.2rem; max-width: 1400px; }
h2 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; }
h3 { font-size: .95rem; margin: .6rem 0 .3rem; }
h3 small { font-weight: normal; color: #57606a; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; white-space: nowrap; }
th { background: #f0f3f6; font-weight: 600; font-size: .85rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.slots { display: inline-flex; gap: 2px; margin-right: .4rem; vertical-align: middle; }
.slot { width: 10px; height: 10px; border-radius: 2px; border: 1px solid var(--done-line); }
.slot.busy { background: var(--active-line); border-color: var(--active-line); }
.slot.idle { background: var(--done); }
.empty { color: #57606a; font-style: italic; }
.run { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: .5rem 0; }
.run > summary { padding: .45rem .7rem; cursor: pointer; display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
.run .meta { color: #57606a; font-size: .85rem; }
.run .detail { margin: 0 .7rem .4rem; color: #57606a; }
.run-body { display: flex; flex-wrap: wrap; gap: 1.2rem; padding: .3rem .7rem .7rem; align-items: flex-start; }
.badge { border-radius: 1em; padding: 0 .55em; font-size: .8rem; font-weight: 600; border: 1px solid; }
.status-queued { background: var(--waiting); border-color: var(--waiting-line); }
.status-running { background: var(--active); border-color: var(--active-line); }
.status-done { background: var(--done); border-color: var(--done-line); }
.status-failed { background: var(--failed); border-color: var(--failed-line); }
.status-cancelled, .status-skipped { background: var(--removed); border-color: var(--removed-line); }
.kind { font-weight: 600; text-transform: uppercase; font-size: .75rem; color: #57606a; }
svg.dag { display: block; max-width: 100%; height: auto; }
svg.dag .edge { fill: none; stroke: #8c959f; stroke-width: 1.2; }
svg.dag text { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; dominant-baseline: central; text-anchor: middle; fill: #1f2328; }
svg.dag rect { stroke-width: 1.5; }
.state-waiting rect, .bar.state-waiting { fill: var(--waiting); stroke: var(--waiting-line); background: var(--waiting-line); }
.state-active rect, .bar.state-active { fill: var(--active); stroke: var(--active-line); background: var(--active-line); }
.state-done rect, .bar.state-done { fill: var(--done); stroke: var(--done-line); background: var(--done-line); }
.state-failed rect, .bar.state-failed { fill: var(--failed); stroke: var(--failed-line); background: var(--failed-line); }
.state-removed rect { fill: var(--removed); stroke: var(--removed-line); stroke-dasharray: 4 3; }
.timeline { flex: 1 1 420px; min-width: 320px; font-size: .8rem; }
.tl-row { display: grid; grid-template-columns: 7.5rem 1fr 4.5rem; gap: .4rem; align-items: center; height: 18px; }
.tl-label, .tl-time { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-family: ui-monospace, monospace; }
.tl-time { text-align: right; color: #57606a; }
.tl-track { position: relative; height: 12px; background: #f6f8fa; border-radius: 2px; }
.tl-track .wait, .tl-track .bar { position: absolute; top: 0; bottom: 0; border-radius: 2px; }
.tl-track .wait { background: repeating-linear-gradient(45deg, #d0d7de 0 3px, #eef1f4 3px 6px); }
.tl-axis { display: flex; justify-content: space-between; margin-left: 7.9rem; margin-right: 4.9rem; color: #57606a; border-top: 1px solid #d0d7de; }
.tl-more { color: #57606a; font-style: italic; }
`;
