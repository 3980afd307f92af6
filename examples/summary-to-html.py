#!/usr/bin/env python3
"""Renders a step summary (the GitHub-flavoured Markdown the action writes) as a standalone HTML page that looks
like GitHub's, for examples/make-summary-picture.sh. Standard library only; it knows the subset the action
writes: headings, paragraphs, lists, tables, code blocks, <details>, links, bold and code spans, and draws the
mermaid gantt chart as plain bars.  Usage: summary-to-html.py summary.md > summary.html"""
import html
import re
import sys
from datetime import datetime

CSS = """
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328;
       background: #fff; margin: 0; padding: 24px 32px; width: 936px; }
h3 { font-size: 20px; margin: 8px 0 12px; } h4 { font-size: 16px; margin: 20px 0 8px; }
p { margin: 0 0 12px; } ul { margin: 0 0 12px; padding-left: 24px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3; padding: 2px 4px; border-radius: 4px; }
pre { background: #f6f8fa; padding: 12px 16px; border-radius: 6px; overflow: hidden; margin: 0 0 12px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 0 0 12px; } th, td { border: 1px solid #d1d9e0; padding: 5px 12px; text-align: left; }
th { background: #f6f8fa; } tr:nth-child(even) td { background: #f6f8fa; }
a { color: #0969da; text-decoration: none; } details { margin: 0 0 12px; } summary { cursor: pointer; }
.gantt { border: 1px solid #d1d9e0; border-radius: 6px; padding: 12px; margin: 0 0 12px; }
.gantt .section { font-weight: 600; margin: 6px 0 2px; } .gantt .row { display: flex; align-items: center; height: 22px; }
.gantt .name { width: 170px; font-size: 12px; } .gantt .lane { position: relative; flex: 1; height: 16px; }
.gantt .bar { position: absolute; height: 16px; border-radius: 3px; background: #8fb8ed; }
.gantt .crit { background: #e5534b; } .gantt .active { background: #54aeff; }
"""


def inline(text):
    # Code spans first, kept aside, so bold and links around them still work; backslash escapes next.
    spans = []

    def keep(match):
        spans.append("<code>" + html.escape(match.group(2).strip(), quote=False) + "</code>")
        return "\x02" + str(len(spans) - 1) + "\x03"

    text = re.sub(r"(`+)(.+?)\1", keep, text)
    text = re.sub(r"\\(.)", lambda m: "\x00" + str(ord(m.group(1))) + "\x01", text)
    text = html.escape(text, quote=False)
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub("\x00(\\d+)\x01", lambda m: html.escape(chr(int(m.group(1)))), text)
    return re.sub("\x02(\\d+)\x03", lambda m: spans[int(m.group(1))], text)


def gantt(lines):
    rows, section = [], ""
    for line in lines:
        line = line.strip()
        if line.startswith("section "):
            section = line[8:]
            rows.append(("section", section))
        elif " :" in line:
            name, rest = line.split(" :", 1)
            fields = [f.strip() for f in rest.split(",")]
            start, end = (datetime.fromisoformat(f) for f in fields[-2:])
            kind = next((f for f in fields[:-2] if f in ("crit", "active")), "done")
            rows.append(("row", name, start, end, kind))
    bars = [r for r in rows if r[0] == "row"]
    if not bars:
        return ""
    first = min(r[2] for r in bars)
    span = max((max(r[3] for r in bars) - first).total_seconds(), 1)
    out = ['<div class="gantt">']
    for r in rows:
        if r[0] == "section":
            out.append(f'<div class="section">{html.escape(r[1])}</div>')
            continue
        left = (r[2] - first).total_seconds() / span * 100
        width = max((r[3] - r[2]).total_seconds() / span * 100, 0.5)
        out.append(f'<div class="row"><div class="name">{html.escape(r[1])}</div><div class="lane">'
                   f'<div class="bar {r[4]}" style="left:{left:.2f}%;width:{width:.2f}%"></div></div></div>')
    out.append("</div>")
    return "\n".join(out)


def render(markdown):
    lines = markdown.split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^(`{3,})(\w*)$", line)
        if fence:
            body = []
            i += 1
            while i < len(lines) and lines[i] != fence.group(1):
                body.append(lines[i])
                i += 1
            i += 1
            if fence.group(2) == "mermaid":
                out.append(gantt(body))
            else:
                out.append("<pre><code>" + html.escape("\n".join(body), quote=False) + "</code></pre>")
            continue
        if line.startswith("|"):
            table = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = re.split(r"(?<!\\)\|", lines[i].strip())[1:-1]
                table.append([c.strip().replace("\\|", "|") for c in cells])
                i += 1
            head, body = table[0], [r for r in table[2:]]
            out.append("<table><tr>" + "".join(f"<th>{inline(c)}</th>" for c in head) + "</tr>" +
                       "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body) + "</table>")
            continue
        if line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{inline(lines[i][2:])}</li>")
                i += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if heading:
            level = len(heading.group(1))
            out.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif line.startswith("<details>") or line.startswith("</details>"):
            out.append(line)
        elif line.strip():
            out.append(f"<p>{inline(line)}</p>")
        i += 1
    return "\n".join(out)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        body = render(f.read())
    # The page records its own height, so the screenshot can be cut to it (see make-summary-picture.sh).
    script = "<script>document.body.dataset.height = document.documentElement.scrollHeight;</script>"
    print(f'<!doctype html><html><head><meta charset="utf-8"><style>{CSS}</style></head><body>{body}{script}</body></html>')


if __name__ == "__main__":
    main()
