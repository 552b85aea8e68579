/// The HTML reports' only style sheet and script, inlined in every page and allowed by their hashes.
enum HTMLAssets {
    /// System fonts only; light colours on screen, no shadows or backgrounds in print.
    static let style = """
        :root{--ink:#1c2430;--muted:#5b6675;--line:#dfe3ea;--bg:#f4f6f9;--card:#fff;--accent:#24478f;\
        --error:#c4312b;--error-bg:#fdecea;--warning:#a85d00;--warning-bg:#fff3e0;--note:#2a62b8;--note-bg:#e8f0fc;\
        --good:#1f8a4c;--good-bg:#e6f4ec;--fair:#8a7a00;--poor:#c25e00;--bad:#c4312b}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,\
        "Helvetica Neue",Arial,sans-serif}
        code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
        a{color:var(--accent)}
        .top{background:#17233b;color:#fff;padding:22px 32px 18px}
        .top h1{margin:0;font-size:22px;font-weight:650;letter-spacing:.2px}
        .top h1 span{color:#9fb4dc;font-weight:400}
        .top p{margin:6px 0 0;color:#c8d3e8}
        .top .counts{margin-top:12px}
        main{max-width:1280px;margin:0 auto;padding:20px 32px 48px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 18px;\
        box-shadow:0 1px 2px rgba(20,30,50,.05)}
        h2{font-size:20px;margin:0 0 2px}
        h3{font-size:16px;margin:26px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
        h4{font-size:14.5px;margin:0}
        .meta{color:var(--muted);margin:0}
        .meta code{color:var(--ink)}
        .counts{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0 0;padding:0;list-style:none}
        .pill{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12.5px;font-weight:600;white-space:nowrap}
        .error .pill,.pill.error{background:var(--error-bg);color:var(--error)}
        .pill.warning{background:var(--warning-bg);color:var(--warning)}
        .pill.note{background:var(--note-bg);color:var(--note)}
        .pill.good{background:var(--good-bg);color:var(--good)}
        .pill.plain{background:#eef1f5;color:var(--muted)}
        .posture{display:grid;grid-template-columns:auto 1fr minmax(280px,420px);gap:10px 28px;align-items:center}
        .ring{width:104px;height:104px}
        .ring circle{fill:none;stroke-width:3.2}
        .ring .track{stroke:#e6e9ef}
        .ring .value{stroke-linecap:round}
        .ring text{font-size:9.5px;font-weight:700;text-anchor:middle;fill:var(--ink)}
        .ring text.of{font-size:3.6px;font-weight:400;fill:var(--muted)}
        .grade-good .value,.grade-good rect.fill{stroke:var(--good);fill:var(--good)}
        .grade-fair .value,.grade-fair rect.fill{stroke:var(--fair);fill:var(--fair)}
        .grade-poor .value,.grade-poor rect.fill{stroke:var(--poor);fill:var(--poor)}
        .grade-bad .value,.grade-bad rect.fill{stroke:var(--bad);fill:var(--bad)}
        .ring .value{fill:none}
        .bars{width:100%;border-collapse:collapse}
        .bars td{padding:3px 0;border:0;vertical-align:middle}
        .bars td:first-child{width:1%;white-space:nowrap;padding-right:12px;color:var(--muted)}
        .bars td:last-child{width:1%;white-space:nowrap;padding-left:10px;text-align:right;font-weight:600;\
        font-variant-numeric:tabular-nums}
        .bar{display:block;width:100%;height:9px}
        .bar rect.track{fill:#e6e9ef}
        .bars .unscored{color:var(--muted);font-weight:400}
        .overview td.num,.overview th.num{text-align:right;font-variant-numeric:tabular-nums}
        .alert{border-left:4px solid var(--error);background:var(--error-bg)}
        .alert ul{margin:6px 0 0;padding-left:18px}
        .rule{border:1px solid var(--line);border-left:4px solid var(--note);border-radius:8px;padding:12px 16px;\
        margin:0 0 12px;background:#fff;break-inside:avoid-page}
        .rule.error{border-left-color:var(--error)}
        .rule.warning{border-left-color:var(--warning)}
        .rule>header{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px}
        .rule>header .id{color:var(--muted)}
        .rule>header .right{margin-left:auto;color:var(--muted);font-size:12.5px;white-space:nowrap}
        details>summary{cursor:pointer;color:var(--accent);font-weight:600;margin:6px 0 0}
        details.why{margin:4px 0 6px}
        details.why>div{border-left:3px solid var(--line);margin:6px 0 0;padding:0 14px}
        details.why h5{font-size:13px;margin:12px 0 4px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted)}
        details.why pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow:auto}
        ol.findings{margin:8px 0 0;padding-left:0;list-style:none}
        ol.findings>li{padding:8px 0;border-top:1px dashed var(--line)}
        .msg{margin:0;font-weight:500}
        .loc{margin:2px 0 0;color:var(--muted);font-size:12.5px;word-break:break-all}
        .frame{margin:6px 0 0;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:6px 0;overflow:auto;\
        line-height:1.45}
        .frame span{display:block;padding:0 10px 0 0;white-space:pre}
        .frame span.hit{background:#fff4c2}
        .frame b{display:inline-block;min-width:4.5em;padding:0 10px;color:#8a94a3;text-align:right;font-weight:400;\
        user-select:none}
        .frame mark{background:none;color:inherit;text-decoration:underline wavy var(--error);text-underline-offset:3px}
        .warning .frame mark{text-decoration-color:var(--warning)}
        .note .frame mark{text-decoration-color:var(--note)}
        .places{margin:4px 0 0 18px;padding:0;color:var(--muted);font-size:12.5px}
        .truncated{color:var(--muted);font-style:italic;margin:8px 0 0}
        .filter{display:flex;align-items:center;gap:10px;margin:0 0 8px}
        .filter input{flex:0 1 340px;padding:5px 9px;border:1px solid #c6ccd6;border-radius:6px;font:inherit}
        .filter output{color:var(--muted)}
        .scroll{overflow-x:auto}
        table.data{width:100%;border-collapse:collapse;font-size:13px}
        table.data th,table.data td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        table.data th{background:#f0f3f7;font-weight:600;white-space:nowrap;position:sticky;top:0}
        table.data th button{all:unset;cursor:pointer}
        table.data th button::after{content:" \\2195";color:#a0a8b5}
        table.data th[aria-sort=ascending] button::after{content:" \\2191";color:var(--ink)}
        table.data th[aria-sort=descending] button::after{content:" \\2193";color:var(--ink)}
        table.data td.path{word-break:break-all;min-width:14em}
        table.data td.path small{display:block;color:var(--muted)}
        .method{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;padding:0 5px;font-size:11.5px;\
        font-weight:700;background:#eef1f5;color:#3b4656}
        .method.get{background:#e4f1fb;color:#1d5f99}.method.post{background:#e6f4ec;color:#1f7a46}
        .method.put,.method.patch{background:#fff3e0;color:#96560a}.method.delete{background:#fdecea;color:#b02a24}
        .tag{display:inline-block;border-radius:4px;padding:0 6px;margin:1px 2px 1px 0;font-size:12px;background:#eef1f5}
        .tag.credentials{background:#fdecea;color:#a52620}.tag.financial{background:#fff3e0;color:#8d4f00}
        .tag.personal{background:#f1e9fb;color:#5d3b91}
        .anon{color:var(--error);font-weight:600}
        .none{color:#a0a8b5}
        td.heat{white-space:nowrap;font-variant-numeric:tabular-nums;text-align:center}
        tr.heat-1 td:first-child{box-shadow:inset 4px 0 #9dbbe8}
        tr.heat-2 td:first-child{box-shadow:inset 4px 0 #f0b35a}
        tr.heat-3 td:first-child{box-shadow:inset 4px 0 #e8743b}
        tr.heat-4 td:first-child{box-shadow:inset 4px 0 #c4312b}
        tr.heat-1 td.heat{background:#edf3fc}tr.heat-2 td.heat{background:#fff1da}
        tr.heat-3 td.heat{background:#fbd9c5}tr.heat-4 td.heat{background:#f5b9b4}
        td.heat .e{color:var(--error);font-weight:700}td.heat .w{color:var(--warning);font-weight:600}
        td.heat .n{color:var(--note)}
        .diff{display:grid;grid-template-columns:1fr 1fr;gap:18px;align-items:start}
        .diff h3{margin-top:0}
        .change{border-left:4px solid var(--note);padding:6px 12px;margin:0 0 10px;background:#fff;border-radius:4px}
        .change.error{border-left-color:var(--error)}.change.warning{border-left-color:var(--warning)}
        .change.improvement{border-left-color:var(--good)}
        .change .kind{color:var(--muted);font-size:12.5px}
        .empty{color:var(--muted)}
        footer{color:var(--muted);text-align:center;font-size:12.5px;margin-top:28px}
        [hidden]{display:none!important}
        @media (max-width:900px){.posture,.diff{grid-template-columns:1fr}main{padding:14px}}
        @media print{body{background:#fff;font-size:11.5px}.top{background:none;color:#000;padding:0 0 8px;\
        border-bottom:2px solid #000}.top p,.top h1 span{color:#333}main{padding:10px 0;max-width:none}\
        .card{box-shadow:none;border-color:#bbb;break-inside:auto}.filter,table.data th button::after{display:none}\
        table.data th{position:static}.frame{white-space:pre-wrap}a{color:inherit;text-decoration:none}\
        details>summary{color:#000}.rule{break-inside:avoid}}
        """

    /// Sortable columns (first click: numbers descending, text ascending), a filter box above each table, and every
    /// `<details>` opened for printing. Without it the tables are plain and the filters stay hidden.
    static let script = """
        (function(){
        "use strict";
        function key(cell){var v=cell.getAttribute("data-sort");\
        if(v!==null&&v!==""&&!isNaN(v))return Number(v);\
        return (v!==null?v:cell.textContent).trim().toLowerCase();}
        document.querySelectorAll("table.sortable").forEach(function(table){
        var body=table.tBodies[0];
        table.querySelectorAll("thead th").forEach(function(th,index){
        var button=document.createElement("button");button.type="button";
        while(th.firstChild)button.appendChild(th.firstChild);th.appendChild(button);
        button.addEventListener("click",function(){
        var numeric=th.hasAttribute("data-numeric"),current=th.getAttribute("aria-sort");
        var ascending=current?current==="descending":!numeric;
        table.querySelectorAll("thead th").forEach(function(o){o.removeAttribute("aria-sort");});
        th.setAttribute("aria-sort",ascending?"ascending":"descending");
        var rows=Array.prototype.slice.call(body.rows).map(function(row,i){return [key(row.cells[index]),i,row];});
        rows.sort(function(a,b){var r=typeof a[0]==="number"&&typeof b[0]==="number"?a[0]-b[0]:\
        String(a[0]).localeCompare(String(b[0]));return (ascending?r:-r)||a[1]-b[1];});
        rows.forEach(function(r){body.appendChild(r[2]);});
        });});});
        document.querySelectorAll("[data-filter]").forEach(function(box){
        var table=document.getElementById(box.getAttribute("data-filter"));if(!table)return;
        var input=box.querySelector("input"),count=box.querySelector("output"),rows=table.tBodies[0].rows;
        box.hidden=false;
        input.addEventListener("input",function(){
        var words=input.value.toLowerCase().split(/\\s+/).filter(Boolean),shown=0;
        Array.prototype.forEach.call(rows,function(row){var text=row.textContent.toLowerCase();\
        var hit=words.every(function(w){return text.indexOf(w)>=0;});row.hidden=!hit;if(hit)shown++;});
        count.textContent=words.length?shown+" of "+rows.length+" operations":"";
        });});
        window.addEventListener("beforeprint",function(){\
        document.querySelectorAll("details").forEach(function(d){d.open=true;});});
        })();
        """
}
