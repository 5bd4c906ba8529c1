package io.jharness.harness.report;

/**
 * The report's only style sheet, inlined in its head: the report loads nothing from anywhere.
 * Plain system fonts; tables with tabular figures; charts one under the other at their own size
 * (their lettering is sized for it), narrower only where the window is.
 */
final class ReportStyle {

    private ReportStyle() {}

    static final String CSS = """
            :root { color-scheme: light; --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa;
                    --bad: #b42318; --bad-bg: #fef3f2; --good: #1a7f37; --good-bg: #edfaef; --sim: #9a3412; --sim-bg: #fff4e5; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   color: var(--text); background: #fff; }
            header.report, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
            header.report { padding-top: 20px; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 21px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
            h3 { font-size: 17px; margin: 22px 0 8px; }
            h4 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
            .generated { color: var(--muted); margin: 0 0 14px; }
            .banner { border: 2px solid var(--sim); background: var(--sim-bg); color: var(--sim); font-weight: 600;
                      padding: 12px 16px; border-radius: 6px; margin: 0 0 16px; font-size: 16px; }
            .banner strong { font-size: 19px; letter-spacing: .06em; margin-right: 6px; }
            nav ol { margin: 0 0 8px; padding-left: 22px; }
            nav li { margin: 2px 0; }
            section.run { margin: 28px 0 40px; }
            .badge { display: inline-block; font-size: 12px; font-weight: 700; letter-spacing: .05em; padding: 2px 8px;
                     border-radius: 10px; vertical-align: middle; margin-left: 8px; border: 1px solid; }
            .badge.simulated { color: var(--sim); background: var(--sim-bg); border-color: var(--sim); }
            .badge.measured { color: var(--good); background: var(--good-bg); border-color: var(--good); }
            .badge.status-ok { color: var(--muted); background: var(--bg-alt); border-color: var(--line); }
            .badge.status-partial, .badge.status-failed { color: var(--bad); background: var(--bad-bg); border-color: var(--bad); }
            .simulated-note { border-left: 5px solid var(--sim); background: var(--sim-bg); color: var(--sim);
                              padding: 8px 12px; font-weight: 600; margin: 0 0 12px; }
            .warning { border-left: 5px solid var(--bad); background: var(--bad-bg); padding: 8px 12px; margin: 8px 0; }
            .table-wrap { overflow-x: auto; margin: 0 0 6px; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            caption { text-align: left; color: var(--muted); font-size: 13px; padding: 0 0 4px; }
            th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            table.results thead th { background: var(--bg-alt); border-bottom: 2px solid var(--line); white-space: nowrap; }
            table.results tbody th { font-weight: 600; white-space: nowrap; }
            table.results td { white-space: nowrap; }
            table.results tbody tr:nth-child(even) { background: #fbfcfd; }
            .num { text-align: right; }
            td.good { color: var(--good); font-weight: 600; }
            td.bad { color: var(--bad); font-weight: 600; }
            table.key-values { width: 100%; max-width: 900px; table-layout: fixed; }
            table.key-values th { width: 220px; color: var(--muted); font-weight: 600; white-space: nowrap; }
            table.key-values td { overflow-wrap: anywhere; }
            .note { color: var(--muted); margin: 2px 0 4px; font-size: 14px; }
            .verdict { font-size: 16px; margin: 8px 0; padding: 8px 12px; border-radius: 6px; }
            .verdict.pass { background: var(--good-bg); color: var(--good); }
            .verdict.fail { background: var(--bad-bg); color: var(--bad); }
            pre.command { background: var(--bg-alt); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
                          white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
            .charts { display: flex; flex-direction: column; gap: 20px; }
            figure.chart { margin: 0; }
            figure.chart img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
            figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
            footer { color: var(--muted); font-size: 13px; padding-top: 8px; padding-bottom: 24px; border-top: 1px solid var(--line); }
            """;
}
