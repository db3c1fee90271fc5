/// The page's style sheet, script and icon, served by tracuu itself (no
/// build step, no CDN: the page works offline on a newsroom laptop).
enum Assets {
    static let css = """
        :root {
          --ink: #1c2230; --muted: #5d6678; --line: #e2e5eb; --paper: #fbfaf7; --card: #ffffff;
          --accent: #a8201a; --accent-soft: #f4dcd9; --mark: #ffe98a; --link: #14427a;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --ink: #e7e9ee; --muted: #a2a9b8; --line: #2f3543; --paper: #14171e; --card: #1b1f28;
            --accent: #ef6b5f; --accent-soft: #3a2422; --mark: #6b5a12; --link: #8cb8f0;
          }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--paper); color: var(--ink);
          font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
        }
        a { color: var(--link); }
        .masthead {
          display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap;
          padding: 14px max(16px, calc((100% - 760px) / 2)); border-bottom: 3px solid var(--accent); background: var(--card);
        }
        .brand {
          font: 700 26px/1 Georgia, "Noto Serif", "Times New Roman", serif; color: var(--accent); text-decoration: none;
          letter-spacing: -0.5px;
        }
        .tagline { color: var(--muted); font-size: 14px; }
        main { max-width: 760px; margin: 0 auto; padding: 18px 16px 40px; }
        .search { margin-bottom: 18px; }
        .query-row { display: flex; gap: 8px; }
        .query-row input {
          flex: 1; min-width: 0; font: inherit; font-size: 17px; padding: 10px 12px;
          border: 1px solid #b9bfcb; border-radius: 6px; background: var(--card); color: var(--ink);
        }
        .query-row input:focus, .filters input:focus, .filters select:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
        button {
          font: inherit; font-weight: 600; padding: 10px 18px; border: 0; border-radius: 6px;
          background: var(--accent); color: #fff; cursor: pointer; white-space: nowrap;
        }
        button:hover { filter: brightness(1.1); }
        .filters { display: flex; flex-wrap: wrap; gap: 10px 18px; margin-top: 10px; font-size: 14px; color: var(--muted); }
        .filters label { display: flex; align-items: center; gap: 6px; }
        .filters input, .filters select {
          font: inherit; color: var(--ink); background: var(--card); padding: 5px 6px;
          border: 1px solid #c5cad4; border-radius: 5px;
        }
        .summary { color: var(--muted); margin: 6px 0 12px; }
        .summary strong { color: var(--ink); }
        .took { font-size: 13px; }
        .histogram { margin: 0 0 18px; padding: 12px 14px 6px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
        .histogram figcaption { font-size: 13px; color: var(--muted); margin-bottom: 2px; }
        .chart { display: block; overflow: visible; }
        .chart .bar { fill: var(--accent); }
        .chart a:hover .bar, .chart a:focus .bar { fill: var(--ink); }
        .chart .axis { stroke: var(--muted); stroke-width: 1; }
        .chart .grid { stroke: var(--line); stroke-dasharray: 3 3; }
        .chart text { fill: var(--muted); font-size: 12px; }
        .hits { list-style: none; padding: 0; margin: 0; }
        .hit { padding: 14px 0 16px; border-bottom: 1px solid var(--line); }
        .hit h2 { font: 600 19px/1.35 Georgia, "Noto Serif", "Times New Roman", serif; margin: 0 0 4px; }
        .hit h2 a { text-decoration: none; }
        .hit h2 a:hover { text-decoration: underline; }
        .meta { font-size: 13.5px; color: var(--muted); margin: 0 0 6px; overflow-wrap: anywhere; }
        .meta .source { color: #1d7044; text-decoration: none; }
        .meta a.source:hover { text-decoration: underline; }
        .snippet { margin: 0; }
        mark { background: var(--mark); color: inherit; padding: 0 1px; border-radius: 2px; }
        .also { margin: 6px 0 0; font-size: 13.5px; color: var(--muted); overflow-wrap: anywhere; }
        .partial { margin: 6px 0 0; font-size: 13px; color: var(--muted); font-style: italic; }
        .empty, .error { padding: 14px 16px; border-radius: 8px; }
        .empty { background: var(--card); border: 1px solid var(--line); }
        .error { background: var(--accent-soft); border: 1px solid var(--accent); }
        .pager { display: flex; justify-content: space-between; align-items: center; gap: 10px; margin-top: 20px; }
        .pager a { padding: 8px 14px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); text-decoration: none; }
        .pager .where { color: var(--muted); font-size: 14px; }
        .intro .lead { font-size: 18px; }
        .examples { display: flex; flex-wrap: wrap; gap: 8px; padding: 0; list-style: none; }
        .examples a {
          display: inline-block; padding: 4px 12px; border-radius: 999px; background: var(--card);
          border: 1px solid var(--line); text-decoration: none;
        }
        code { background: var(--card); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; font-size: 14px; }
        .story h1 { font: 700 28px/1.25 Georgia, "Noto Serif", "Times New Roman", serif; margin: 8px 0; }
        .story .note { font-size: 12.5px; }
        .story p { margin: 0 0 12px; }
        .colophon { max-width: 760px; margin: 0 auto; padding: 16px; font-size: 13px; color: var(--muted); border-top: 1px solid var(--line); }
        @media (max-width: 520px) {
          .masthead { padding: 12px 16px; }
          .tagline { display: none; }
          main { padding: 14px 12px 32px; }
          .query-row button { padding: 10px 12px; }
          .filters { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 10px; }
          .filters label { flex-direction: column; align-items: stretch; gap: 2px; }
          .filters label:last-child { grid-column: 1 / -1; }
          .filters input, .filters select { width: 100%; min-width: 0; }
          .hit h2 { font-size: 17.5px; }
          .story h1 { font-size: 23px; }
        }
        """

    /// Niceties only; the page works without it: "/" jumps to the query
    /// box, and choosing another sort order searches again at once.
    static let script = """
        document.addEventListener("keydown", function (event) {
          var box = document.querySelector(".search input[name=q]");
          var typing = event.target && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
          if (event.key === "/" && box && !typing) { event.preventDefault(); box.focus(); box.select(); }
        });
        document.addEventListener("change", function (event) {
          var form = event.target && event.target.form;
          if (form && form.classList.contains("search") && event.target.name === "sort" && form.q.value.trim() !== "") {
            form.submit();
          }
        });
        """

    static let favicon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a8201a"/>\
        <circle cx="14" cy="14" r="7" fill="none" stroke="#fff" stroke-width="3"/>\
        <path d="M19 19l7 7" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/></svg>
        """
}
